package dev.edgeway.gateway.async;

import dev.edgeway.gateway.invoke.BodyBytes;
import dev.edgeway.gateway.invoke.FunctionInvoker;
import dev.edgeway.gateway.invoke.Invocation;
import dev.edgeway.gateway.invoke.UpstreamException;
import dev.edgeway.gateway.provider.ProviderException;
import dev.edgeway.storage.StoreUnavailableException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * Runs one queued call to its final outcome: attempts through the one {@link FunctionInvoker}
 * with exponential backoff on retryable statuses and connection errors, a dead letter when the
 * call failed for good, the callback, and only then the acknowledgement. While it runs the ack
 * wait is extended, so a long call is not delivered to a second worker.
 */
final class AsyncCall {

    private static final Logger log = LoggerFactory.getLogger(AsyncCall.class);

    private final FunctionInvoker invoker;
    private final InvocationQueue queue;
    private final Callback callback;
    private final AsyncProperties properties;
    private final int maxResponseSize;
    private final CallStatuses statuses;
    private final QueueMetrics metrics;

    AsyncCall(
            FunctionInvoker invoker,
            InvocationQueue queue,
            Callback callback,
            AsyncProperties properties,
            CallStatuses statuses,
            QueueMetrics metrics) {
        this.statuses = statuses;
        this.metrics = metrics;
        this.invoker = invoker;
        this.queue = queue;
        this.callback = callback;
        this.properties = properties;
        this.maxResponseSize = (int) Math.min(properties.maxBodySize().toBytes(), Integer.MAX_VALUE);
    }

    Mono<Void> run(QueuedCall call) {
        QueueRequest request = call.request();
        RetryPolicy policy = RetryPolicy.of(properties.retry(), request.annotations());
        Instant received = Instant.now();
        AtomicInteger attempts = new AtomicInteger();
        AtomicReference<CallStatus> status = new AtomicReference<>(CallStatus.queued(request, call.queuedAt()));
        Disposable heartbeat = Flux.interval(properties.ackWait().dividedBy(3), Schedulers.boundedElastic())
                .subscribe(tick -> extend(call));
        return Mono.defer(() -> {
                    CallStatus running =
                            status.updateAndGet(current -> current.attempt(attempts.incrementAndGet(), Instant.now()));
                    return Mono.fromRunnable(() -> statuses.record(running))
                            .subscribeOn(Schedulers.boundedElastic())
                            .then(attempt(request));
                })
                .flatMap(outcome -> outcome.unreachable() || policy.retries(outcome.status())
                        ? Mono.<Outcome>error(new RetryableOutcome(outcome))
                        : Mono.just(outcome))
                .retryWhen(Retry.backoff(policy.attempts() - 1L, policy.minWait())
                        .maxBackoff(policy.maxWait())
                        .filter(RetryableOutcome.class::isInstance)
                        .doBeforeRetry(signal -> metrics.retried(request.function()))
                        .onRetryExhaustedThrow((spec, signal) -> signal.failure()))
                .onErrorResume(RetryableOutcome.class, e -> Mono.just(e.outcome))
                .flatMap(outcome -> finish(call, outcome, attempts.get(), received, status.get()))
                .doFinally(signal -> heartbeat.dispose());
    }

    /** One heartbeat; a missed one (NATS away for a moment) is not the call's failure, the next may pass. */
    private static void extend(QueuedCall call) {
        try {
            call.stillRunning();
        } catch (StoreUnavailableException e) {
            log.debug(
                    "Ack deadline of async call {} not extended: {}",
                    call.request().callId(),
                    e.getMessage());
        }
    }

    private Mono<Outcome> attempt(QueueRequest request) {
        String qualified = request.function();
        int dot = qualified.lastIndexOf('.');
        HttpHeaders headers = new HttpHeaders();
        request.header().forEach(headers::addAll);
        // The stored body is whole: send its length rather than a chunked stream.
        headers.setContentLength(request.body().length);
        Invocation invocation = new Invocation(
                qualified.substring(0, dot),
                qualified.substring(dot + 1),
                HttpMethod.valueOf(request.method()),
                request.path().isEmpty() ? "/" : request.path(),
                request.queryString().isEmpty() ? null : request.queryString(),
                headers,
                BodyBytes.of(request.body()),
                true);
        return invoker.invoke(invocation)
                .flatMap(result -> BodyBytes.join(result.body(), maxResponseSize)
                        .map(body -> new Outcome(result.status(), result.headers(), body, false)))
                .onErrorResume(UpstreamException.class, e -> Mono.just(Outcome.unreachable(e.getMessage())))
                .onErrorResume(
                        ProviderException.class,
                        e -> Mono.just(new Outcome(
                                e.status().value(),
                                new HttpHeaders(),
                                String.valueOf(e.getMessage()).getBytes(StandardCharsets.UTF_8),
                                false)));
    }

    private Mono<Void> finish(QueuedCall call, Outcome outcome, int attempts, Instant received, CallStatus status) {
        QueueRequest request = call.request();
        AtomicBoolean kept = new AtomicBoolean();
        Mono<Void> settle = Mono.fromRunnable(
                () -> statuses.record(status.ended(CallState.SUCCEEDED, outcome.status(), Instant.now())));
        if (!outcome.succeeded()) {
            log.warn(
                    "Async call {} to {} failed with {} after {} attempt(s): dead-lettered",
                    request.callId(),
                    request.function(),
                    outcome.status(),
                    attempts);
            DeadLetter letter = new DeadLetter(
                    request, outcome.status(), outcome.excerpt(), attempts, call.queuedAt(), Instant.now());
            settle = Mono.fromRunnable(() -> {
                CallState state = CallState.DEAD_LETTERED;
                try {
                    queue.deadLetter(letter);
                    kept.set(true);
                    metrics.deadLettered(request.function());
                } catch (RuntimeException e) {
                    // Kept failing is better than redelivered forever: the call has had its attempts.
                    log.warn("Dead letter of call {} not stored: {}", request.callId(), e.toString());
                    state = CallState.FAILED;
                }
                statuses.record(status.ended(state, outcome.status(), Instant.now()));
            });
        }
        Mono<Void> notify = request.callbackUrl() == null
                ? Mono.empty()
                : callback.send(
                        URI.create(request.callbackUrl()), request, outcome, Duration.between(received, Instant.now()));
        return settle.subscribeOn(Schedulers.boundedElastic())
                .then(notify)
                .then(Mono.fromRunnable(() -> {
                            if (kept.get()) {
                                call.deadLettered();
                            } else {
                                call.done();
                            }
                        })
                        .subscribeOn(Schedulers.boundedElastic()))
                .then();
    }

    /** An outcome worth another attempt, carried through Reactor's retry as an error. */
    private static final class RetryableOutcome extends RuntimeException {
        private final transient Outcome outcome;

        RetryableOutcome(Outcome outcome) {
            super("status " + outcome.status(), null, false, false);
            this.outcome = outcome;
        }
    }
}
