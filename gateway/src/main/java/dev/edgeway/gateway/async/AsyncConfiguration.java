package dev.edgeway.gateway.async;

import dev.edgeway.gateway.config.GatewayVersion;
import dev.edgeway.gateway.invoke.FunctionInvoker;
import dev.edgeway.gateway.provider.FunctionProvider;
import dev.edgeway.storage.kv.BucketSpec;
import dev.edgeway.storage.kv.KeyValueBuckets;
import dev.edgeway.storage.objects.ObjectBuckets;
import dev.edgeway.storage.stream.MessageStreams;
import dev.edgeway.storage.stream.StreamConsumers;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Wires asynchronous invocation on the state store's NATS connection: on with the state store
 * and {@code edgeway.async.enabled}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "edgeway.storage.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "edgeway.async.enabled", matchIfMissing = true)
@EnableConfigurationProperties(AsyncProperties.class)
class AsyncConfiguration {

    @Bean
    JetStreamInvocationQueue asyncInvocationQueue(
            MessageStreams streams, StreamConsumers consumers, ObjectBuckets objects, AsyncProperties properties) {
        return new JetStreamInvocationQueue(
                streams,
                consumers,
                objects.bucket(new BucketSpec(JetStreamInvocationQueue.BODIES, 1, Duration.ZERO)),
                properties.ackWait(),
                // Shared by every gateway on the durable consumer, so far above one gateway's bound.
                Math.max(1000, properties.maxInflight() * 16),
                properties.deadLetterMaxAge());
    }

    @Bean
    QueueMetrics asyncQueueMetrics(MeterRegistry registry, JetStreamInvocationQueue queue) {
        return new QueueMetrics(registry, queue);
    }

    @Bean
    CallStatuses asyncCallStatuses(KeyValueBuckets buckets, AsyncProperties properties) {
        // One revision per call, dropped by the server after the retention.
        return new CallStatuses(buckets.bucket(new BucketSpec(CallStatuses.BUCKET, 1, properties.statusRetention())));
    }

    @Bean
    CallStatusHandler asyncCallStatusHandler(CallStatuses statuses, AsyncProperties properties) {
        return new CallStatusHandler(statuses, properties);
    }

    @Bean
    CallbackTargets asyncCallbackTargets(AsyncProperties properties, Environment environment) {
        return new CallbackTargets(properties.callback().allowedHosts(), () -> ownPorts(environment));
    }

    @Bean
    QueueWorker asyncQueueWorker(
            JetStreamInvocationQueue queue,
            FunctionInvoker invoker,
            AsyncProperties properties,
            CallStatuses statuses,
            QueueMetrics metrics) {
        Callback callback = new Callback(WebClient.create(), properties.callback());
        AsyncCall calls = new AsyncCall(invoker, queue, callback, properties, statuses, metrics);
        return new QueueWorker(queue, calls, properties, metrics);
    }

    @Bean
    AsyncInvocationHandler asyncInvocationHandler(
            FunctionProvider provider,
            JetStreamInvocationQueue queue,
            CallbackTargets targets,
            GatewayVersion version,
            AsyncProperties properties,
            QueueWorker workers,
            CallStatuses statuses) {
        return new AsyncInvocationHandler(provider, queue, targets, version, properties, workers, statuses);
    }

    /** The cron trigger's way into the queue. */
    @Bean
    TriggerCalls asyncTriggerCalls(
            FunctionProvider provider, JetStreamInvocationQueue queue, QueueWorker workers, CallStatuses statuses) {
        return new TriggerCalls(provider, queue, workers, statuses);
    }

    @Bean
    ListDeadLettersHandler asyncListDeadLettersHandler(JetStreamInvocationQueue queue, FunctionProvider provider) {
        return new ListDeadLettersHandler(queue, provider.defaultNamespace());
    }

    @Bean
    ReplayDeadLettersHandler asyncReplayDeadLettersHandler(
            JetStreamInvocationQueue queue, QueueWorker workers, FunctionProvider provider) {
        return new ReplayDeadLettersHandler(queue, workers, provider.defaultNamespace());
    }

    @Bean
    AsyncProblems asyncProblems(AsyncProperties properties) {
        return new AsyncProblems(properties.retryAfter());
    }

    /** The ports this gateway listens on, known once its servers have started. */
    private static Set<Integer> ownPorts(Environment environment) {
        Set<Integer> ports = new HashSet<>();
        for (String key : new String[] {"local.server.port", "local.management.port", "server.port"}) {
            Integer port = environment.getProperty(key, Integer.class);
            if (port != null && port > 0) {
                ports.add(port);
            }
        }
        return ports;
    }
}
