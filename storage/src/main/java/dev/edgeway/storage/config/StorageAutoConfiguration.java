package dev.edgeway.storage.config;

import dev.edgeway.storage.kv.KeyValueBuckets;
import dev.edgeway.storage.nats.JetStreamConsumers;
import dev.edgeway.storage.nats.JetStreamMessageStreams;
import dev.edgeway.storage.nats.LargeValueSpill;
import dev.edgeway.storage.nats.NatsConnection;
import dev.edgeway.storage.nats.NatsKeyValueBuckets;
import dev.edgeway.storage.nats.NatsObjectBuckets;
import dev.edgeway.storage.nats.NatsProperties;
import dev.edgeway.storage.objects.ObjectBuckets;
import dev.edgeway.storage.stream.MessageStreams;
import dev.edgeway.storage.stream.StreamConsumers;
import dev.edgeway.storage.task.TaskService;
import dev.edgeway.storage.variable.ExpirySweeper;
import dev.edgeway.storage.variable.VariableService;
import dev.edgeway.storage.web.LargeBodyGate;
import dev.edgeway.storage.web.StorageApiGuard;
import dev.edgeway.storage.web.StorageRoutes;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The state store and its API under {@code /system/storage}, on by default
 * ({@code edgeway.storage.enabled=false} switches it off). An application gets it by depending
 * on this module; it needs no bean of its own. Beside the API it offers the application ports on
 * the same connection: {@link KeyValueBuckets} for buckets of its own, {@link ObjectBuckets} for
 * large values, {@link MessageStreams} and {@link StreamConsumers} for work queues.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "edgeway.storage.enabled", matchIfMissing = true)
@EnableConfigurationProperties({StorageProperties.class, NatsProperties.class})
public class StorageAutoConfiguration {

    @Bean
    NatsConnection storageNatsConnection(NatsProperties nats, StorageProperties storage) {
        NatsConnection connection = NatsConnection.of(nats, storage.dataDir().resolve("nats"));
        connection.launchEmbeddedEarly();
        return connection;
    }

    @Bean
    NatsKeyValueBuckets storageKeyValueBuckets(NatsConnection connection, NatsProperties nats) {
        return new NatsKeyValueBuckets(connection, nats.requestTimeout());
    }

    @Bean
    NatsObjectBuckets storageObjectBuckets(NatsKeyValueBuckets buckets) {
        return new NatsObjectBuckets(buckets);
    }

    @Bean
    JetStreamMessageStreams storageMessageStreams(NatsConnection connection, NatsProperties nats) {
        return new JetStreamMessageStreams(connection, nats.requestTimeout());
    }

    @Bean
    JetStreamConsumers storageStreamConsumers(NatsConnection connection, NatsProperties nats) {
        return new JetStreamConsumers(connection, nats.requestTimeout());
    }

    @Bean
    LargeValueSpill storageLargeValueSpill(NatsKeyValueBuckets buckets, StorageProperties storage) {
        return new LargeValueSpill(buckets, storage.largeValueBucket());
    }

    @Bean
    TaskService storageTaskService(KeyValueBuckets buckets, StorageProperties storage) {
        return new TaskService(buckets.bucket(storage.taskBucket()), storage.updateAttempts(), Clock.systemUTC());
    }

    @Bean
    VariableService storageVariableService(
            KeyValueBuckets buckets, LargeValueSpill spill, TaskService tasks, StorageProperties storage) {
        StorageProperties.Variables variables = storage.variables();
        return new VariableService(
                buckets.bucket(storage.variableBucket()),
                spill,
                tasks,
                new VariableService.Limits(
                        variables.maxValueSize().toBytes(),
                        variables.largeValueThreshold().toBytes(),
                        variables.maxAge(),
                        storage.updateAttempts()),
                Clock.systemUTC());
    }

    /** Shared by every API that holds whole bodies on the heap (state values, pipeline inputs). */
    @Bean
    LargeBodyGate storageLargeBodyGate(StorageProperties storage) {
        return new LargeBodyGate(
                storage.largeBodyMemoryOr(LargeBodyGate.halfOfHeap()),
                storage.variables().largeValueThreshold().toBytes());
    }

    @Bean
    ExpirySweeper storageExpirySweeper(
            KeyValueBuckets buckets,
            LargeValueSpill spill,
            TaskService tasks,
            VariableService variables,
            StorageProperties storage) {
        return new ExpirySweeper(
                buckets.bucket(storage.variableBucket()),
                spill,
                tasks,
                variables,
                storage.variables().sweepInterval(),
                storage.variables().orphanGrace(),
                Clock.systemUTC());
    }

    @Bean
    StorageLifecycle storageLifecycle(
            NatsConnection connection, NatsKeyValueBuckets buckets, LargeValueSpill spill, ExpirySweeper sweeper) {
        return new StorageLifecycle(connection, buckets, spill, sweeper);
    }

    /** The REST API, in a reactive web application. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    static class StorageWebConfiguration {

        @Bean
        @Order(Ordered.HIGHEST_PRECEDENCE)
        RouterFunction<ServerResponse> storageRoutes(
                TaskService tasks,
                VariableService variables,
                LargeBodyGate gate,
                StorageProperties storage,
                ObjectProvider<StorageApiGuard> guard) {
            RouterFunction<ServerResponse> routes = StorageRoutes.of(
                    tasks, variables, gate, storage.pageSize(), storage.maxPageSize(), storage.retryAfter());
            StorageApiGuard applied = guard.getIfAvailable();
            return applied == null ? routes : routes.filter(applied);
        }
    }
}
