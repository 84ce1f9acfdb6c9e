package dev.edgeway.gateway.async;

import dev.edgeway.gateway.invoke.CallIds;
import dev.edgeway.gateway.provider.FunctionProvider;
import dev.edgeway.gateway.provider.ProviderException;
import dev.edgeway.gateway.proxy.CallIdHeaders;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Asynchronous calls made by the gateway's own triggers (the cron trigger's {@code async: "true"}
 * schedules): queued like a {@code POST /async-function/{name}} with an empty body, so retries,
 * dead letters, named queues and per-function bounds apply, and their status is told by call id
 * as {@code GET /system/async/calls/{callId}} tells it.
 */
public final class TriggerCalls {

    private final FunctionProvider provider;
    private final InvocationQueue queue;
    private final QueueWorker workers;
    private final CallStatuses statuses;

    TriggerCalls(FunctionProvider provider, InvocationQueue queue, QueueWorker workers, CallStatuses statuses) {
        this.provider = provider;
        this.queue = queue;
        this.workers = workers;
        this.statuses = statuses;
    }

    /** Queues {@code POST /} to a function; answers the new call's id once the call is stored. */
    public Mono<String> enqueue(String name, String namespace) {
        return provider.status(name, namespace)
                .switchIfEmpty(Mono.error(() -> ProviderException.functionNotFound(name, namespace)))
                .map(function -> {
                    String callId = CallIds.random();
                    Instant now = Instant.now();
                    String startTime = Long.toString(now.getEpochSecond() * 1_000_000_000L + now.getNano());
                    String maxInflight = function.envVars().get("max_inflight");
                    return new QueueRequest(
                            Map.of(
                                    CallIdHeaders.CALL_ID,
                                    List.of(callId),
                                    CallIdHeaders.START_TIME,
                                    List.of(startTime)),
                            "",
                            new byte[0],
                            "POST",
                            "",
                            "",
                            name + "." + namespace,
                            function.annotations().getOrDefault(AsyncInvocationHandler.QUEUE_ANNOTATION, ""),
                            function.annotations(),
                            maxInflight == null ? Map.of() : Map.of("max_inflight", maxInflight),
                            null,
                            null);
                })
                .flatMap(request -> Mono.fromCallable(() -> {
                            statuses.record(CallStatus.queued(request, Instant.now()));
                            queue.enqueue(request);
                            workers.consume(request.queueName());
                            return request.callId();
                        })
                        .subscribeOn(Schedulers.boundedElastic()));
    }

    /**
     * Whether a call is still queued or running. Blocking. A call whose status is unknown (never
     * recorded, or older than the retention) counts as ended.
     */
    public boolean isPending(String callId) {
        return statuses.find(callId)
                .map(status -> status.state() == CallState.QUEUED || status.state() == CallState.RUNNING)
                .orElse(false);
    }

    /** The call's state as the status lookup names it ({@code queued}, ..., {@code dead-lettered}). Blocking. */
    public Optional<String> state(String callId) {
        return statuses.find(callId).map(status -> status.state().wireName());
    }
}
