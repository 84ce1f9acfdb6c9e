package dev.edgeway.gateway.pipeline;

import dev.edgeway.dag.run.ChainRunner;
import dev.edgeway.gateway.invoke.FunctionInvoker;
import dev.edgeway.gateway.invoke.HttpUpstreams;
import dev.edgeway.gateway.provider.FunctionProvider;
import dev.edgeway.storage.config.StorageProperties;
import dev.edgeway.storage.kv.KeyValueBuckets;
import dev.edgeway.storage.task.TaskService;
import dev.edgeway.storage.variable.VariableService;
import dev.edgeway.storage.web.LargeBodyGate;
import java.time.Clock;
import java.time.Duration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/**
 * Wires pipelines: definitions in the state store's key-value bucket, runs as its tasks, steps
 * through the one invocation path. Pipelines need the state store, so they are on with it
 * ({@code edgeway.storage.enabled}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "edgeway.storage.enabled", matchIfMissing = true)
@EnableConfigurationProperties({PipelineProperties.class, PipelineBucketProperties.class})
class PipelineConfiguration {

    @Bean
    HttpHostAllowList pipelineHttpAllowList(PipelineProperties properties) {
        return new HttpHostAllowList(properties.httpAllowedHosts());
    }

    @Bean
    PipelineDefinitions pipelineDefinitions(
            KeyValueBuckets buckets, PipelineBucketProperties bucket, HttpHostAllowList allowList) {
        return new PipelineDefinitions(
                buckets.bucket(bucket.spec()), new PipelineCompiler(allowList), Clock.systemUTC());
    }

    @Bean
    StateStoreRunStore pipelineRunStore(
            TaskService tasks, VariableService variables, PipelineProperties properties, StorageProperties storage) {
        Duration retention = properties.runRetention();
        Duration longest = storage.variables().maxAge();
        if (!longest.isZero() && (retention.isZero() || retention.compareTo(longest) > 0)) {
            retention = longest; // a longer TTL would be refused by the state store
        }
        return new StateStoreRunStore(tasks, variables, properties.runStateInterval(), retention);
    }

    @Bean
    ChainRunner pipelineChainRunner(
            FunctionInvoker invoker,
            FunctionProvider provider,
            HttpUpstreams upstreams,
            HttpHostAllowList allowList,
            VariableService variables,
            StateStoreRunStore store) {
        long maxOutput = variables.maxValueSize();
        GatewayStepInvoker steps = new GatewayStepInvoker(
                new FunctionStepInvoker(invoker, provider.defaultNamespace(), maxOutput),
                new HttpStepInvoker(upstreams, allowList, maxOutput));
        return new ChainRunner(steps, store);
    }

    @Bean(destroyMethod = "close")
    RunExecutors pipelineRunExecutors(PipelineProperties properties) {
        return new RunExecutors(properties.maxSyncRuns(), properties.maxBackgroundRuns(), properties.maxQueuedRuns());
    }

    @Bean
    PipelineRuns pipelineRuns(
            PipelineDefinitions definitions, StateStoreRunStore store, ChainRunner runner, RunExecutors executors) {
        return new PipelineRuns(definitions, store, runner, executors);
    }

    /** Pipelines for the Kafka trigger's {@code pipeline} envelopes. */
    @Bean
    KafkaPipelineRunner kafkaPipelineRunner(PipelineRuns runs) {
        return new KafkaPipelineRunner(runs);
    }

    @Bean
    QueuedRunRecovery pipelineQueuedRunRecovery(PipelineRuns runs) {
        return new QueuedRunRecovery(runs);
    }

    @Bean
    PutPipelineHandler putPipelineHandler(PipelineDefinitions definitions, PipelineProperties properties) {
        return new PutPipelineHandler(
                definitions, properties.maxDefinitionSize().toBytes());
    }

    @Bean
    ListPipelinesHandler listPipelinesHandler(PipelineDefinitions definitions) {
        return new ListPipelinesHandler(definitions);
    }

    @Bean
    ShowPipelineHandler showPipelineHandler(PipelineDefinitions definitions) {
        return new ShowPipelineHandler(definitions);
    }

    @Bean
    DeletePipelineHandler deletePipelineHandler(PipelineDefinitions definitions) {
        return new DeletePipelineHandler(definitions);
    }

    @Bean
    RunPipelineHandler runPipelineHandler(PipelineRuns runs, PipelineProperties properties, LargeBodyGate gate) {
        return new RunPipelineHandler(runs, properties.maxInputSize().toBytes(), gate);
    }

    @Bean
    RunStatusHandler runStatusHandler(PipelineRuns runs) {
        return new RunStatusHandler(runs);
    }

    @Bean
    ResumeRunHandler resumeRunHandler(PipelineRuns runs) {
        return new ResumeRunHandler(runs);
    }

    @Bean
    @Order(-3)
    PipelineErrorHandler pipelineErrorHandler(PipelineProperties properties) {
        return new PipelineErrorHandler(new PipelineProblems(properties.retryAfter()));
    }
}
