package dev.edgeway.gateway.scaling;

import dev.edgeway.gateway.metrics.FunctionMetrics;
import dev.edgeway.gateway.provider.FunctionProvider;
import dev.edgeway.gateway.provider.FunctionStatus;
import dev.edgeway.gateway.provider.ProviderException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import org.springframework.http.HttpStatus;
import reactor.core.publisher.Mono;

/**
 * Makes sure a function has a ready replica before a call goes to it. A function at zero
 * replicas is scaled to its minimum ({@code com.openfaas.scale.min}, at least 1) and the call
 * waits for readiness, bounded by a timeout that ends in a 504 rather than a hang. Concurrent
 * callers of one function share one wait.
 */
public class ScaleFromZero {

    static final String MIN_LABEL = "com.openfaas.scale.min";

    private final FunctionProvider provider;
    private final ReplicaCache cache;
    private final FunctionMetrics metrics;
    private final boolean enabled;
    private final Duration readyTimeout;
    private final Duration pollInterval;
    private final Map<String, Mono<Void>> waits = new ConcurrentHashMap<>();

    public ScaleFromZero(
            FunctionProvider provider,
            ReplicaCache cache,
            FunctionMetrics metrics,
            boolean enabled,
            Duration readyTimeout,
            Duration pollInterval) {
        this.provider = provider;
        this.cache = cache;
        this.metrics = metrics;
        this.enabled = enabled;
        this.readyTimeout = readyTimeout;
        this.pollInterval = pollInterval;
    }

    /** Whether a call may go ahead without waiting: scale from zero is off, or the function has a ready replica. */
    public boolean isReady(String name, String namespace) {
        return !enabled || cache.isReady(name, namespace);
    }

    /**
     * Completes when the function has a ready replica; fails with 404 when it does not exist
     * and with 504 when it did not become ready in time. With scale from zero switched off it
     * completes at once and the provider answers for a function without replicas.
     */
    public Mono<Void> awaitReady(String name, String namespace) {
        if (isReady(name, namespace)) {
            return Mono.empty();
        }
        String key = name + "." + namespace;
        return waits.computeIfAbsent(
                key,
                k -> wake(name, namespace).doFinally(signal -> waits.remove(k)).cache());
    }

    private Mono<Void> wake(String name, String namespace) {
        long started = System.nanoTime();
        return lookup(name, namespace).flatMap(status -> {
            if (status.availableReplicas() > 0) {
                return Mono.<Void>empty();
            }
            Mono<Void> scaleUp = status.replicas() > 0
                    ? Mono.empty()
                    : provider.scale(name, namespace, Math.max(1, status.longLabel(MIN_LABEL, 1)));
            return scaleUp.then(pollUntilReady(name, namespace))
                    .doOnSuccess(v ->
                            metrics.coldStart(name + "." + namespace, Duration.ofNanos(System.nanoTime() - started)));
        });
    }

    private Mono<FunctionStatus> lookup(String name, String namespace) {
        return provider.status(name, namespace)
                .switchIfEmpty(Mono.error(() -> ProviderException.functionNotFound(name, namespace)))
                .doOnNext(status -> cache.put(name, namespace, status));
    }

    private Mono<Void> pollUntilReady(String name, String namespace) {
        return Mono.defer(() -> lookup(name, namespace))
                .filter(status -> status.availableReplicas() > 0)
                .repeatWhenEmpty(ticks -> ticks.delayElements(pollInterval))
                .timeout(readyTimeout)
                .onErrorMap(
                        TimeoutException.class,
                        e -> new ProviderException(
                                HttpStatus.GATEWAY_TIMEOUT,
                                "Timed out after " + readyTimeout.toSeconds() + "s waiting for a ready replica of "
                                        + name + "." + namespace))
                .then();
    }
}
