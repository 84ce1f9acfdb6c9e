package dev.edgeway.gateway.invoke;

import dev.edgeway.gateway.metrics.FunctionMetrics;
import dev.edgeway.gateway.provider.FunctionProvider;
import dev.edgeway.gateway.provider.ProviderException;
import dev.edgeway.gateway.scaling.ScaleFromZero;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.publisher.Mono;

/**
 * The one invocation path: every caller of a function (HTTP, async worker, Kafka, cron,
 * pipeline step) comes through here, so scale from zero and metrics behave the same for all.
 * Resolves the function through the provider, waits for a ready replica, calls it, and records
 * the call when its response body has been fully delivered (or failed).
 */
public class FunctionInvoker {

    private final FunctionProvider provider;
    private final ScaleFromZero scaleFromZero;
    private final FunctionMetrics metrics;

    public FunctionInvoker(FunctionProvider provider, ScaleFromZero scaleFromZero, FunctionMetrics metrics) {
        this.provider = provider;
        this.scaleFromZero = scaleFromZero;
        this.metrics = metrics;
    }

    /**
     * Calls a function. Fails with {@link ProviderException} (404 unknown function, 503 no
     * endpoints, 504 not ready in time) or {@link UpstreamException} (unreachable, timed out).
     */
    public Mono<InvocationResult> invoke(Invocation invocation) {
        Mono<InvocationResult> call = Mono.defer(() -> call(invocation));
        // A function known to be ready, as on nearly every call, needs no wait before the call.
        if (scaleFromZero.isReady(invocation.function(), invocation.namespace())) {
            return call;
        }
        return scaleFromZero
                .awaitReady(invocation.function(), invocation.namespace())
                .then(call);
    }

    private Mono<InvocationResult> call(Invocation invocation) {
        Recording recording = new Recording(invocation.qualifiedName());
        return provider.upstream(invocation.function(), invocation.namespace())
                .flatMap(upstream -> upstream.exchange(invocation))
                .map(result -> new InvocationResult(
                        result.status(),
                        result.headers(),
                        result.body().doFinally(signal -> recording.complete(result.status()))))
                .doOnError(e -> recording.complete(statusOf(e)))
                .doOnCancel(() -> recording.complete(499));
    }

    private static int statusOf(Throwable e) {
        return e instanceof ProviderException p ? p.status().value() : 502;
    }

    /** Records one call exactly once, however it ends. */
    private final class Recording {
        private final FunctionMetrics.Call call;
        private final long startNanos = System.nanoTime();
        private final AtomicBoolean done = new AtomicBoolean();

        Recording(String function) {
            this.call = metrics.started(function);
        }

        void complete(int status) {
            if (done.compareAndSet(false, true)) {
                call.completed(status, Duration.ofNanos(System.nanoTime() - startNanos));
            }
        }
    }
}
