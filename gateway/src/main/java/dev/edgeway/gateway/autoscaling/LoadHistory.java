package dev.edgeway.gateway.autoscaling;

import dev.edgeway.gateway.autoscaling.ReplicaDecision.LoadSample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One function's load samples over the stabilisation window and when it was last active,
 * built from the gateway's invocation counters at each tick. Only the autoscaler's tick uses it.
 */
final class LoadHistory {

    private final Deque<LoadSample> samples = new ArrayDeque<>();
    private Instant sampledAt;
    private long started;
    private long replicas;
    private Instant lastActive;
    private Instant replicasSince;

    /** A function first seen now counts as active now: its idle time starts when it is seen. */
    LoadHistory(Instant now, long started, long replicas) {
        if (replicas != this.replicas) {
            replicasSince = now;
        }
        this.sampledAt = now;
        this.started = started;
        this.replicas = replicas;
        this.lastActive = now;
        this.replicasSince = now;
    }

    /**
     * Adds this tick's sample and returns the window's samples, oldest first.
     *
     * @param started calls started since the gateway started
     * @param inFlight calls in progress now
     * @param replicas the function's desired replicas now
     * @param available its ready replicas now
     * @param cpuMillicores the CPU the provider reports for all replicas, or null when it reports none
     */
    List<LoadSample> record(
            Instant now,
            long started,
            int inFlight,
            long replicas,
            long available,
            @Nullable Double cpuMillicores,
            ScalingPolicy.LoadType type,
            Duration window) {
        double seconds = Math.max(Duration.between(sampledAt, now).toMillis(), 1) / 1000.0;
        long calls = Math.max(0, started - this.started);
        // A function woken from zero, or still starting replicas, is active: the calls waiting
        // for it only count as started once a replica is ready.
        if (calls > 0 || inFlight > 0 || (this.replicas == 0 && replicas > 0) || available < replicas) {
            lastActive = now;
        }
        double load =
                switch (type) {
                    case CAPACITY -> inFlight;
                    case CPU -> cpuMillicores == null ? Double.NaN : cpuMillicores;
                    case RPS -> calls / seconds;
                };
        // A provider that reports no CPU gives no sample: the function keeps its replicas.
        if (!Double.isNaN(load)) {
            samples.addLast(new LoadSample(now, load));
        }
        Instant since = now.minus(window);
        while (samples.size() > 1 && !samples.getFirst().at().isAfter(since)) {
            samples.removeFirst();
        }
        if (replicas != this.replicas) {
            replicasSince = now;
        }
        this.sampledAt = now;
        this.started = started;
        this.replicas = replicas;
        return List.copyOf(samples);
    }

    /**
     * Records the autoscaler's own change, so that the next tick compares with it: a function
     * scaled to zero and found with replicas again was woken by a call.
     */
    void scaledTo(Instant now, long replicas) {
        if (replicas != this.replicas) {
            this.replicas = replicas;
            replicasSince = now;
        }
    }

    Instant lastActive() {
        return lastActive;
    }

    /** Since when the function has had its current replica count (or since it was first seen). */
    Instant replicasSince() {
        return replicasSince;
    }
}
