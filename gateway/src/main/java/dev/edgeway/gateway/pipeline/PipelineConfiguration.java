package dev.edgeway.gateway.pipeline;

import dev.edgeway.dag.run.ChainRunner;
import dev.edgeway.gateway.invoke.FunctionInvoker;
import dev.edgeway.gateway.invoke.HttpUpstreams;
import dev.edgeway.gateway.pipeline.api.DeletePipelineHandler;
import dev.edgeway.gateway.pipeline.api.ListPipelinesHandler;
import dev.edgeway.gateway.pipeline.api.PipelineErrorHandler;
import dev.edgeway.gateway.pipeline.api.PipelineProblems;
import dev.edgeway.gateway.pipeline.api.PutPipelineHandler;
import dev.edgeway.gateway.pipeline.api.ResumeRunHandler;
import dev.edgeway.gateway.pipeline.api.RunPipelineHandler;
import dev.edgeway.gateway.pipeline.api.RunStatusHandler;
import dev.edgeway.gateway.pipeline.api.ShowPipelineHandler;
import dev.edgeway.gateway.pipeline.definition.HttpHostAllowList;
import dev.edgeway.gateway.pipeline.definition.PipelineCompiler;
import dev.edgeway.gateway.pipeline.definition.PipelineDefinitions;
import dev.edgeway.gateway.pipeline.definition.ScheduleCheck;
import dev.edgeway.gateway.pipeline.run.BackgroundRuns;
import dev.edgeway.gateway.pipeline.run.FunctionStepInvoker;
import dev.edgeway.gateway.pipeline.run.GatewayStepInvoker;
import dev.edgeway.gateway.pipeline.run.HttpStepInvoker;
import dev.edgeway.gateway.pipeline.run.KafkaPipelineRunner;
import dev.edgeway.gateway.pipeline.run.RunExecutors;
import dev.edgeway.gateway.pipeline.run.RunLookup;
import dev.edgeway.gateway.pipeline.run.RunQueue;
import dev.edgeway.gateway.pipeline.run.RunQueueWorker;
import dev.edgeway.gateway.pipeline.run.StateStoreRunStore;
import dev.edgeway.gateway.pipeline.run.SynchronousRuns;
import dev.edgeway.gateway.provider.FunctionProvider;
import dev.edgeway.storage.config.StorageProperties;
import dev.edgeway.storage.kv.KeyValueBuckets;
import dev.edgeway.storage.stream.MessageStreams;
import dev.edgeway.storage.stream.StreamConsumers;
import dev.edgeway.storage.task.TaskService;
import dev.edgeway.storage.variable.VariableService;
import dev.edgeway.storage.web.LargeBodyGate;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

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
            KeyValueBuckets buckets,
            PipelineBucketProperties bucket,
            HttpHostAllowList allowList,
            ObjectProvider<ScheduleCheck> scheduleCheck) {
        // The cron trigger's check, absent with edgeway.schedules.enabled=false.
        PipelineCompiler compiler = new PipelineCompiler(allowList, scheduleCheck.getIfAvailable());
        return new PipelineDefinitions(buckets.bucket(bucket.spec()), compiler, Clock.systemUTC());
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
    RunLookup pipelineRunLookup(PipelineDefinitions definitions, StateStoreRunStore store, ChainRunner runner) {
        return new RunLookup(definitions, store, runner);
    }

    @Bean
    SynchronousRuns pipelineSynchronousRuns(
            PipelineDefinitions definitions,
            StateStoreRunStore store,
            ChainRunner runner,
            RunExecutors executors,
            RunLookup lookup) {
        return new SynchronousRuns(definitions, store, runner, executors, lookup);
    }

    @Bean
    RunQueue pipelineRunQueue(MessageStreams streams, StreamConsumers consumers, PipelineProperties properties) {
        return new RunQueue(streams, consumers, properties.runAckWait());
    }

    @Bean
    BackgroundRuns pipelineBackgroundRuns(
            PipelineDefinitions definitions,
            StateStoreRunStore store,
            ChainRunner runner,
            RunExecutors executors,
            RunLookup lookup,
            RunQueue queue,
            PipelineProperties properties) {
        long maxDepth = (long) properties.maxBackgroundRuns() + properties.maxQueuedRuns();
        return new BackgroundRuns(definitions, store, runner, executors, lookup, queue, maxDepth);
    }

    @Bean
    RunQueueWorker pipelineRunQueueWorker(
            RunQueue queue,
            PipelineDefinitions definitions,
            StateStoreRunStore store,
            ChainRunner runner,
            RunExecutors executors,
            LargeBodyGate gate,
            PipelineProperties properties) {
        return new RunQueueWorker(queue, definitions, store, runner, executors, gate, properties.maxBackgroundRuns());
    }

    /** Pipelines for the Kafka trigger's {@code pipeline} envelopes. */
    @Bean
    KafkaPipelineRunner kafkaPipelineRunner(SynchronousRuns runs) {
        return new KafkaPipelineRunner(runs);
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
    RunPipelineHandler runPipelineHandler(
            SynchronousRuns runs, BackgroundRuns background, PipelineProperties properties, LargeBodyGate gate) {
        return new RunPipelineHandler(
                runs, background, properties.maxInputSize().toBytes(), gate);
    }

    @Bean
    RunStatusHandler runStatusHandler(RunLookup lookup) {
        return new RunStatusHandler(lookup);
    }

    @Bean
    ResumeRunHandler resumeRunHandler(SynchronousRuns runs, BackgroundRuns background) {
        return new ResumeRunHandler(runs, background);
    }

    @Bean
    PipelineErrorHandler pipelineErrorHandler(PipelineProperties properties) {
        return new PipelineErrorHandler(new PipelineProblems(properties.retryAfter()));
    }
}
