package dev.edgeway.gateway.schedule;

import dev.edgeway.gateway.async.TriggerCalls;
import dev.edgeway.gateway.invoke.CallIds;
import dev.edgeway.gateway.invoke.FunctionInvoker;
import dev.edgeway.gateway.invoke.Invocation;
import dev.edgeway.gateway.pipeline.PipelineProblem;
import dev.edgeway.gateway.provider.ProviderException;
import dev.edgeway.gateway.proxy.CallIdHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Makes a tick's call. A function is called as cron-connector does: {@code POST /} with an empty
 * body, through the gateway's one {@link FunctionInvoker}, so scale from zero and the invocation
 * metrics apply; the response body is read and dropped, its status is the tick's outcome. With
 * {@code async} the call is queued instead ({@link TriggerCalls}), and the tick's outcome is
 * {@code queued} with its call id. A pipeline's tick runs the pipeline ({@link PipelineCalls}).
 */
final class ScheduledCall {

    static final String QUEUED = "queued";

    private final FunctionInvoker invoker;
    private final @Nullable TriggerCalls asyncCalls;
    private final @Nullable PipelineCalls pipelines;
    private final Duration maxRun;
    private final Clock clock;
    private final String gateway;

    ScheduledCall(
            FunctionInvoker invoker,
            @Nullable TriggerCalls asyncCalls,
            @Nullable PipelineCalls pipelines,
            Duration maxRun,
            Clock clock,
            String gateway) {
        this.invoker = invoker;
        this.asyncCalls = asyncCalls;
        this.pipelines = pipelines;
        this.maxRun = maxRun;
        this.clock = clock;
        this.gateway = gateway;
    }

    /** A function's calls only, made synchronously (the async queue and pipelines off). */
    ScheduledCall(FunctionInvoker invoker, Duration maxRun, Clock clock, String gateway) {
        this(invoker, null, null, maxRun, clock, gateway);
    }

    Mono<ScheduleState.Outcome> call(Schedule schedule, Instant tick, Instant startedAt) {
        Mono<ScheduleState.Outcome> made;
        if (schedule.kind() == Schedule.Kind.PIPELINE) {
            PipelineCalls runs = requirePipelines();
            made = schedule.asyncRequested()
                    ? runs.submit(schedule.function()).map(runId -> queued(tick, runId, startedAt))
                    : runs.run(schedule.function())
                            .timeout(maxRun)
                            .map(status -> outcome(tick, status, null, startedAt));
        } else if (isAsync(schedule)) {
            made = asyncCalls
                    .enqueue(schedule.function(), schedule.namespace())
                    .map(callId -> queued(tick, callId, startedAt));
        } else {
            made = invoke(schedule).timeout(maxRun).map(status -> outcome(tick, status, null, startedAt));
        }
        return Mono.defer(() -> made).onErrorResume(e -> Mono.just(outcome(tick, statusOf(e), reasonOf(e), startedAt)));
    }

    /** Whether the schedule's calls go through a queue, so that a call's status tells whether it still runs. */
    boolean isAsync(Schedule schedule) {
        return schedule.asyncRequested() && (schedule.kind() == Schedule.Kind.PIPELINE || asyncCalls != null);
    }

    /** Whether a queued call (async call id, or background run id) is still queued or running. Blocking. */
    boolean isPending(Schedule schedule, String callId) {
        if (schedule.kind() == Schedule.Kind.PIPELINE) {
            return requirePipelines().isPending(callId);
        }
        return asyncCalls != null && asyncCalls.isPending(callId);
    }

    ScheduleState.Outcome skipped(Instant tick) {
        Instant now = clock.instant();
        return new ScheduleState.Outcome(
                tick, "skipped", 0, "the previous call was still queued or running", now, now, gateway, null);
    }

    private Mono<Integer> invoke(Schedule schedule) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(CallIdHeaders.CALL_ID, CallIds.random());
        Invocation invocation = new Invocation(
                schedule.function(), schedule.namespace(), HttpMethod.POST, "/", null, headers, Flux.empty(), false);
        return Mono.defer(() -> invoker.invoke(invocation))
                .flatMap(result ->
                        result.body().doOnNext(DataBufferUtils::release).then(Mono.just(result.status())));
    }

    private PipelineCalls requirePipelines() {
        if (pipelines == null) {
            throw new IllegalStateException("pipelines are off (edgeway.storage.enabled=false)");
        }
        return pipelines;
    }

    private ScheduleState.Outcome queued(Instant tick, String callId, Instant startedAt) {
        return new ScheduleState.Outcome(tick, QUEUED, 202, null, startedAt, clock.instant(), gateway, callId);
    }

    private ScheduleState.Outcome outcome(Instant tick, int status, @Nullable String error, Instant startedAt) {
        String result = status >= 200 && status < 300 ? "succeeded" : "failed";
        return new ScheduleState.Outcome(tick, result, status, error, startedAt, clock.instant(), gateway, null);
    }

    private static int statusOf(Throwable e) {
        if (e instanceof PipelineProblem problem) {
            return problem.type().status().value();
        }
        return e instanceof ProviderException p ? p.status().value() : 0;
    }

    private String reasonOf(Throwable e) {
        if (e instanceof TimeoutException) {
            return "no answer within " + maxRun + " (edgeway.schedules.max-run)";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
