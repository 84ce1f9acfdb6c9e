package dev.edgeway.gateway.schedule;

import dev.edgeway.gateway.invoke.FunctionInvoker;
import dev.edgeway.gateway.provider.FunctionProvider;
import dev.edgeway.storage.kv.BucketSpec;
import dev.edgeway.storage.kv.KeyValueBuckets;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the cron trigger. It needs the state store, where gateways sharing NATS claim each tick,
 * so it is on with it ({@code edgeway.storage.enabled}) and {@code edgeway.schedules.enabled}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(
        name = {"edgeway.storage.enabled", "edgeway.schedules.enabled"},
        matchIfMissing = true)
@EnableConfigurationProperties(ScheduleProperties.class)
class ScheduleConfiguration {

    @Bean
    ScheduleLedger scheduleLedger(KeyValueBuckets buckets, ScheduleProperties properties) {
        // One revision per schedule is all a compare-and-set needs; kept until the function is gone.
        return new ScheduleLedger(buckets.bucket(new BucketSpec(properties.bucket(), 1, Duration.ZERO)));
    }

    @Bean
    TickScheduler scheduleTickScheduler(ScheduleLedger ledger, FunctionInvoker invoker, ScheduleProperties properties) {
        Clock clock = Clock.systemUTC();
        String gateway = ManagementFactory.getRuntimeMXBean().getName(); // pid@host
        return new TickScheduler(
                ledger,
                new ScheduledCall(invoker, properties.maxRun(), clock, gateway),
                clock,
                properties.maxRun(),
                properties.missedTicks() == ScheduleProperties.MissedTicks.FIRE_ONCE);
    }

    @Bean
    ScheduleRefresher scheduleRefresher(
            FunctionProvider provider, TickScheduler scheduler, ScheduleProperties properties) {
        return new ScheduleRefresher(provider, scheduler, properties.refreshInterval(), properties.zone());
    }

    @Bean
    FunctionChangeFilter scheduleFunctionChangeFilter(ScheduleRefresher refresher) {
        return new FunctionChangeFilter(refresher);
    }

    @Bean
    ListSchedulesHandler listSchedulesHandler(TickScheduler scheduler, ScheduleLedger ledger) {
        return new ListSchedulesHandler(scheduler, ledger);
    }
}
