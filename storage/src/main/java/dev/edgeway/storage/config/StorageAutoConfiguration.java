package dev.edgeway.storage.config;

import dev.edgeway.storage.nats.JetStreamStateStore;
import dev.edgeway.storage.nats.LargeValueSpill;
import dev.edgeway.storage.nats.NatsConnection;
import dev.edgeway.storage.nats.NatsProperties;
import dev.edgeway.storage.task.TaskService;
import dev.edgeway.storage.variable.ExpirySweeper;
import dev.edgeway.storage.variable.VariableService;
import dev.edgeway.storage.web.LargeBodyGate;
import dev.edgeway.storage.web.StorageApiGuard;
import dev.edgeway.storage.web.StorageRoutes;
import java.nio.file.Path;
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
import org.springframework.core.env.Environment;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The state store and its API under {@code /system/storage}, on by default
 * ({@code edgeway.storage.enabled=false} switches it off). An application gets it by depending
 * on this module; it needs no bean of its own.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "edgeway.storage.enabled", matchIfMissing = true)
@EnableConfigurationProperties({StorageProperties.class, NatsProperties.class})
public class StorageAutoConfiguration {

    @Bean
    NatsConnection storageNatsConnection(NatsProperties nats, StorageProperties storage, Environment environment) {
        // Read as text: the environment's own conversion service has no String-to-Path converter.
        Path gatewayDataDir = Path.of(environment.getProperty("edgeway.gateway.data-dir", "./data"));
        NatsConnection connection =
                NatsConnection.of(nats, storage.dataDirOr(gatewayDataDir).resolve("nats"));
        connection.launchEmbeddedEarly();
        return connection;
    }

    @Bean
    JetStreamStateStore storageStateStore(NatsConnection connection, StorageProperties storage, NatsProperties nats) {
        return new JetStreamStateStore(connection, storage.layout(), nats.requestTimeout());
    }

    @Bean
    LargeValueSpill storageLargeValueSpill(JetStreamStateStore store) {
        return new LargeValueSpill(store);
    }

    @Bean
    TaskService storageTaskService(JetStreamStateStore store, StorageProperties storage) {
        return new TaskService(store, storage.updateAttempts(), Clock.systemUTC());
    }

    @Bean
    VariableService storageVariableService(
            JetStreamStateStore store, LargeValueSpill spill, TaskService tasks, StorageProperties storage) {
        StorageProperties.Variables variables = storage.variables();
        return new VariableService(
                store,
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
            JetStreamStateStore store,
            LargeValueSpill spill,
            TaskService tasks,
            VariableService variables,
            StorageProperties storage) {
        return new ExpirySweeper(
                store,
                spill,
                tasks,
                variables,
                storage.variables().sweepInterval(),
                storage.variables().orphanGrace(),
                Clock.systemUTC());
    }

    @Bean
    StorageLifecycle storageLifecycle(NatsConnection connection, JetStreamStateStore store, ExpirySweeper sweeper) {
        return new StorageLifecycle(connection, store, sweeper);
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
