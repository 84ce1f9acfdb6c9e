package dev.edgeway.gateway.schedule;

import dev.edgeway.gateway.invoke.FunctionInvoker;
import dev.edgeway.gateway.invoke.Invocation;
import dev.edgeway.gateway.provider.ProviderException;
import dev.edgeway.gateway.proxy.CallIdHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Calls a scheduled function as cron-connector does: {@code POST /} with an empty body, through
 * the gateway's one {@link FunctionInvoker}, so scale from zero and the invocation metrics apply.
 * The response body is read and dropped; only its status is kept as the tick's outcome.
 */
final class ScheduledCall {

    private final FunctionInvoker invoker;
    private final Duration maxRun;
    private final Clock clock;
    private final String gateway;

    ScheduledCall(FunctionInvoker invoker, Duration maxRun, Clock clock, String gateway) {
        this.invoker = invoker;
        this.maxRun = maxRun;
        this.clock = clock;
        this.gateway = gateway;
    }

    Mono<ScheduleState.Outcome> call(Schedule schedule, Instant tick, Instant startedAt) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(CallIdHeaders.CALL_ID, UUID.randomUUID().toString());
        Invocation invocation = new Invocation(
                schedule.function(), schedule.namespace(), HttpMethod.POST, "/", null, headers, Flux.empty(), false);
        return Mono.defer(() -> invoker.invoke(invocation))
                .flatMap(result ->
                        result.body().doOnNext(DataBufferUtils::release).then(Mono.just(result.status())))
                .timeout(maxRun)
                .map(status -> outcome(tick, status, null, startedAt))
                .onErrorResume(e -> Mono.just(outcome(tick, statusOf(e), reasonOf(e), startedAt)));
    }

    ScheduleState.Outcome skipped(Instant tick) {
        Instant now = clock.instant();
        return new ScheduleState.Outcome(tick, "skipped", 0, "the previous call was still running", now, now, gateway);
    }

    private ScheduleState.Outcome outcome(Instant tick, int status, @Nullable String error, Instant startedAt) {
        String result = status >= 200 && status < 300 ? "succeeded" : "failed";
        return new ScheduleState.Outcome(tick, result, status, error, startedAt, clock.instant(), gateway);
    }

    private static int statusOf(Throwable e) {
        return e instanceof ProviderException p ? p.status().value() : 0;
    }

    private String reasonOf(Throwable e) {
        if (e instanceof TimeoutException) {
            return "no answer within " + maxRun + " (edgeway.schedules.max-run)";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
