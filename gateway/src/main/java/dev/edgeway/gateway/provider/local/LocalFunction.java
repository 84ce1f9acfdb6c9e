package dev.edgeway.gateway.provider.local;

import dev.edgeway.gateway.invoke.FunctionUpstream;
import dev.edgeway.gateway.provider.FunctionStatus;
import java.util.Optional;
import reactor.core.publisher.Mono;

/** A deployed local function at run time: its stored deployment, its replicas and its log. */
final class LocalFunction {

    private final FunctionLog log;
    private volatile StoredFunction stored;
    private volatile Replicas replicas;

    LocalFunction(StoredFunction stored, Replicas replicas, FunctionLog log) {
        this.stored = stored;
        this.replicas = replicas;
        this.log = log;
        replicas.scale(count(stored.replicas()));
    }

    StoredFunction stored() {
        return stored;
    }

    FunctionLog log() {
        return log;
    }

    FunctionStatus status() {
        ResourceMeter meter = replicas.meter();
        return stored.status(replicas.available()).withUsage(meter.usage(), meter.measured());
    }

    /** Reads the running calls' and replicas' cgroups (every few seconds, never per call). */
    void sample() {
        replicas.meter().sample();
    }

    /** A ready replica to call, in turn, or empty when none is ready. */
    Optional<FunctionUpstream> upstream() {
        return replicas.next();
    }

    synchronized void scale(StoredFunction scaled) {
        stored = scaled;
        replicas.scale(count(scaled.replicas()));
    }

    /** Switches to a new deployment; completes when the old replicas are gone. */
    synchronized Mono<Void> replace(StoredFunction updated, Replicas fresh) {
        Replicas old = replicas;
        stored = updated;
        replicas = fresh;
        fresh.scale(count(updated.replicas()));
        return old.stop();
    }

    /**
     * Stops the replicas and ends the log's followers; completes when the processes are gone and
     * the function's cgroups removed.
     */
    Mono<Void> close() {
        Replicas closing = replicas;
        return closing.stop().doFinally(signal -> {
            closing.meter().remove();
            log.close();
        });
    }

    private static int count(long replicas) {
        // Bounds are the scaling handler's business; this only keeps the cast honest.
        return (int) Math.min(replicas, Integer.MAX_VALUE);
    }
}
