package dev.edgeway.gateway.schedule;

import dev.edgeway.gateway.async.TriggerCalls;
import dev.edgeway.gateway.invoke.FunctionInvoker;
import dev.edgeway.gateway.pipeline.definition.PipelineDefinitions;
import dev.edgeway.gateway.pipeline.run.BackgroundRuns;
import dev.edgeway.gateway.pipeline.run.RunLookup;
import dev.edgeway.gateway.pipeline.run.SynchronousRuns;
import dev.edgeway.gateway.provider.FunctionProvider;
import dev.edgeway.storage.kv.BucketSpec;
import dev.edgeway.storage.kv.KeyValueBuckets;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
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
    ScheduledCall scheduledCall(
            FunctionInvoker invoker,
            ObjectProvider<TriggerCalls> asyncCalls,
            SynchronousRuns runs,
            BackgroundRuns background,
            RunLookup lookup,
            ScheduleProperties properties) {
        String gateway = ManagementFactory.getRuntimeMXBean().getName(); // pid@host
        return new ScheduledCall(
                invoker,
                asyncCalls.getIfAvailable(), // absent with edgeway.async.enabled=false: async schedules call
                // synchronously
                new PipelineCalls(runs, background, lookup),
                properties.maxRun(),
                Clock.systemUTC(),
                gateway);
    }

    @Bean
    TickScheduler scheduleTickScheduler(ScheduleLedger ledger, ScheduledCall call, ScheduleProperties properties) {
        return new TickScheduler(
                ledger,
                call,
                Clock.systemUTC(),
                properties.maxRun(),
                properties.runningLease(),
                properties.missedTicks() == ScheduleProperties.MissedTicks.FIRE_ONCE);
    }

    @Bean
    ScheduleRefresher scheduleRefresher(
            FunctionProvider provider,
            PipelineDefinitions pipelines,
            TickScheduler scheduler,
            ScheduleProperties properties) {
        return new ScheduleRefresher(provider, pipelines, scheduler, properties.refreshInterval(), properties.zone());
    }

    /** Checks a pipeline's {@code schedule} when its definition is saved. */
    @Bean
    PipelineScheduleCheck pipelineScheduleCheck() {
        return new PipelineScheduleCheck();
    }

    @Bean
    ScheduleChangeFilter scheduleChangeFilter(ScheduleRefresher refresher) {
        return new ScheduleChangeFilter(refresher);
    }

    @Bean
    ListSchedulesHandler listSchedulesHandler(TickScheduler scheduler, ScheduleLedger ledger, ScheduledCall call) {
        return new ListSchedulesHandler(scheduler, ledger, call);
    }
}
