package dev.edgeway.kafka.config;

import dev.edgeway.kafka.errors.DeadLetters;
import dev.edgeway.kafka.errors.RecordRetries;
import dev.edgeway.kafka.errors.RetrySettings;
import dev.edgeway.kafka.invoke.FunctionDirectory;
import dev.edgeway.kafka.invoke.FunctionInvoker;
import dev.edgeway.kafka.invoke.PipelineRunner;
import dev.edgeway.kafka.listener.KafkaReplies;
import dev.edgeway.kafka.listener.OrderedListener;
import dev.edgeway.kafka.listener.TriggerListener;
import dev.edgeway.kafka.metrics.TriggerMetrics;
import dev.edgeway.kafka.replay.DeadLetterReplay;
import dev.edgeway.kafka.routing.RouteRefresher;
import dev.edgeway.kafka.routing.TopicRoutes;
import dev.edgeway.kafka.status.LastError;
import dev.edgeway.kafka.status.TriggerStatus;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Duration;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.event.ConsumerFailedToStartEvent;
import org.springframework.kafka.event.ConsumerStoppedEvent;
import org.springframework.kafka.event.KafkaEvent;
import org.springframework.kafka.event.NonResponsiveConsumerEvent;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * The Kafka trigger, when {@link KafkaTriggerCondition} holds. The application supplies the
 * ports: a {@link FunctionInvoker} and a {@link FunctionDirectory} (required) and a
 * {@link PipelineRunner} (optional; without it, pipeline envelopes are dead-lettered).
 */
@AutoConfiguration(after = KafkaAutoConfiguration.class)
@Conditional(KafkaTriggerCondition.class)
@EnableConfigurationProperties({KafkaTriggerProperties.class, KafkaProperties.class})
public class KafkaTriggerAutoConfiguration {

    @Bean
    KafkaTriggerClients kafkaTriggerClients(
            KafkaProperties spring, KafkaTriggerProperties trigger, ObjectProvider<MeterRegistry> registry) {
        return new KafkaTriggerClients(spring, trigger, registry.getIfAvailable());
    }

    /** Without a registry in the application, the meters go nowhere. */
    @Bean
    TriggerMetrics kafkaTriggerMetrics(ObjectProvider<MeterRegistry> registry) {
        return new TriggerMetrics(registry.getIfAvailable(CompositeMeterRegistry::new));
    }

    @Bean(destroyMethod = "destroy")
    KafkaTemplate<byte[], byte[]> kafkaTriggerProducer(KafkaTriggerClients clients) {
        return clients.producer();
    }

    @Bean
    ThreadPoolTaskScheduler kafkaTriggerScheduler() {
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.setPoolSize(2);
        scheduler.setThreadNamePrefix("kafka-trigger-");
        return scheduler;
    }

    @Bean
    LastError kafkaTriggerLastError() {
        return new LastError();
    }

    /** A consumer that stopped for another reason than a stop, or stopped answering, is the last error. */
    @Bean
    ApplicationListener<KafkaEvent> kafkaTriggerConsumerEvents(LastError errors) {
        return event -> {
            switch (event) {
                case ConsumerStoppedEvent stopped
                when stopped.getReason() != ConsumerStoppedEvent.Reason.NORMAL ->
                    errors.record("consumer stopped: " + stopped.getReason());
                case ConsumerFailedToStartEvent ignored -> errors.record("consumer failed to start");
                case NonResponsiveConsumerEvent late ->
                    errors.record("consumer not polling for " + Duration.ofMillis(late.getTimeSinceLastPoll()));
                default -> {}
            }
        };
    }

    @Bean
    TopicRoutes kafkaTriggerRoutes() {
        return new TopicRoutes();
    }

    @Bean
    RouteRefresher kafkaTriggerRouteRefresher(
            FunctionDirectory directory,
            TopicRoutes routes,
            ThreadPoolTaskScheduler kafkaTriggerScheduler,
            KafkaTriggerProperties trigger) {
        return new RouteRefresher(directory, routes, kafkaTriggerScheduler, trigger.refreshInterval());
    }

    @Bean
    FunctionRetry kafkaTriggerFunctionRetry(TopicRoutes routes, KafkaTriggerProperties trigger) {
        KafkaTriggerProperties.Retry retry = trigger.retry();
        return new FunctionRetry(
                routes,
                new RetrySettings(
                        retry.maxAttempts(),
                        retry.initialInterval(),
                        retry.multiplier(),
                        retry.maxInterval(),
                        retry.jitter(),
                        RetrySettings.DEFAULT_STATUSES));
    }

    @Bean
    TriggerListener kafkaTriggerListener(
            TopicRoutes routes,
            FunctionInvoker invoker,
            ObjectProvider<PipelineRunner> pipelines,
            KafkaTemplate<byte[], byte[]> kafkaTriggerProducer,
            TriggerMetrics metrics,
            FunctionRetry retries,
            KafkaTriggerProperties trigger) {
        return new TriggerListener(
                routes,
                invoker,
                pipelines.getIfAvailable(),
                new KafkaReplies(kafkaTriggerProducer, trigger.invokeTimeout()),
                metrics,
                trigger.invokeTimeout(),
                trigger.maxRecordSize().toBytes(),
                (int) trigger.maxResponseExcerpt().toBytes(),
                target -> retries.of(target).statuses());
    }

    /** Re-drive for {@code POST /system/kafka/dead-letters/replay}, which the gateway serves. */
    @Bean
    DeadLetterReplay kafkaTriggerDeadLetterReplay(
            KafkaTriggerClients clients,
            KafkaTemplate<byte[], byte[]> kafkaTriggerProducer,
            KafkaTriggerProperties trigger) {
        return new DeadLetterReplay(
                clients.consumers(),
                kafkaTriggerProducer,
                consumed(trigger),
                trigger.deadLetterSuffix(),
                trigger.groupId(),
                Duration.ofSeconds(10),
                Duration.ofSeconds(30));
    }

    /**
     * Records are called off the consumer thread, in lanes (a partition, or a key with
     * {@code ordering=key}), so their retries and dead letters are handled there too.
     */
    @Bean(destroyMethod = "close")
    OrderedListener kafkaTriggerOrderedListener(
            TriggerListener listener,
            KafkaTemplate<byte[], byte[]> kafkaTriggerProducer,
            TriggerMetrics metrics,
            LastError errors,
            FunctionRetry retries,
            KafkaTriggerProperties trigger) {
        RecordRetries recordRetries = new RecordRetries(
                listener,
                DeadLetters.recoverer(
                        kafkaTriggerProducer, trigger.deadLetterSuffix(), metrics, errors, TriggerListener::callId),
                retries.defaults(),
                retries::of,
                metrics,
                errors,
                TriggerListener::callId);
        return trigger.ordering() == KafkaTriggerProperties.Ordering.KEY
                ? OrderedListener.byKey(recordRetries, trigger.keyConcurrency(), trigger.keyMaxUncommitted())
                : OrderedListener.byPartition(recordRetries, trigger.keyMaxUncommitted());
    }

    /** The state at {@code GET /system/kafka}, which the gateway serves. */
    @Bean
    TriggerStatus kafkaTriggerStatus(
            KafkaTriggerClients clients,
            ConcurrentMessageListenerContainer<byte[], byte[]> kafkaTriggerContainer,
            LastError errors,
            KafkaTriggerProperties trigger) {
        return new TriggerStatus(
                clients.consumers(),
                kafkaTriggerContainer,
                consumed(trigger),
                trigger.groupId(),
                trigger.ordering().name().toLowerCase(java.util.Locale.ROOT),
                errors,
                Duration.ofSeconds(5));
    }

    @Bean
    ConcurrentMessageListenerContainer<byte[], byte[]> kafkaTriggerContainer(
            KafkaProperties spring,
            KafkaTriggerClients clients,
            OrderedListener lanes,
            KafkaTriggerProperties trigger) {
        ContainerProperties container =
                trigger.topicPattern() != null && !trigger.topicPattern().isBlank()
                        ? new ContainerProperties(subscription(trigger))
                        : new ContainerProperties(topics(trigger));
        container.setGroupId(trigger.groupId());
        container.setClientId(trigger.clientId());
        // Acknowledged in offset order by the listener, up to the last contiguous ended record.
        container.setAckMode(ContainerProperties.AckMode.MANUAL);
        container.setMessageListener(lanes);
        container.setConsumerRebalanceListener(lanes);
        ConcurrentMessageListenerContainer<byte[], byte[]> consumers =
                new ConcurrentMessageListenerContainer<>(clients.consumers(), container);
        consumers.setConcurrency(trigger.concurrency());
        consumers.setBeanName("edgewayKafkaTrigger");
        lanes.attach(consumers);
        // spring.kafka.listener.auto-startup applies to this container too (false: started by hand).
        consumers.setAutoStartup(spring.getListener().isAutoStartup());
        return consumers;
    }

    private static Predicate<String> consumed(KafkaTriggerProperties trigger) {
        if (trigger.topicPattern() != null && !trigger.topicPattern().isBlank()) {
            Pattern pattern = subscription(trigger);
            return topic -> pattern.matcher(topic).matches();
        }
        return Set.of(topics(trigger))::contains;
    }

    /**
     * The topic pattern, never matching a dead-letter topic ({@code <topic><suffix>}): a pattern
     * such as {@code orders.*} would otherwise make the trigger consume its own dead letters, and
     * dead-letter them again, one topic deeper each time.
     */
    static Pattern subscription(KafkaTriggerProperties trigger) {
        return Pattern.compile(
                "(?!.*" + Pattern.quote(trigger.deadLetterSuffix()) + "$)(?:" + trigger.topicPattern() + ")");
    }

    private static String[] topics(KafkaTriggerProperties trigger) {
        String[] topics = trigger.topics().stream()
                .flatMap(t -> java.util.Arrays.stream(t.split(",")))
                .map(String::trim)
                .filter(t -> !t.isEmpty())
                .distinct()
                .toArray(String[]::new);
        if (topics.length == 0) {
            throw new IllegalStateException(
                    "edgeway.kafka.topics: empty (expected: at least one topic, or edgeway.kafka.topic-pattern)");
        }
        return topics;
    }
}
