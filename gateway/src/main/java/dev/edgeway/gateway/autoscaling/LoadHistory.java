package dev.edgeway.gateway.autoscaling;

import dev.edgeway.gateway.autoscaling.ReplicaDecision.LoadSample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

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

    /** A function first seen now counts as active now: its idle time starts when it is seen. */
    LoadHistory(Instant now, long started, long replicas) {
        this.sampledAt = now;
        this.started = started;
        this.replicas = replicas;
        this.lastActive = now;
    }

    /**
     * Adds this tick's sample and returns the window's samples, oldest first.
     *
     * @param started calls started since the gateway started
     * @param inFlight calls in progress now
     * @param replicas the function's desired replicas now
     */
    List<LoadSample> record(
            Instant now, long started, int inFlight, long replicas, ScalingPolicy.LoadType type, Duration window) {
        double seconds = Math.max(Duration.between(sampledAt, now).toMillis(), 1) / 1000.0;
        long calls = Math.max(0, started - this.started);
        // A function woken from zero is active: its first call only counts once it is ready.
        if (calls > 0 || inFlight > 0 || (this.replicas == 0 && replicas > 0)) {
            lastActive = now;
        }
        double load = type == ScalingPolicy.LoadType.CAPACITY ? inFlight : calls / seconds;
        samples.addLast(new LoadSample(now, load));
        Instant since = now.minus(window);
        while (samples.size() > 1 && !samples.getFirst().at().isAfter(since)) {
            samples.removeFirst();
        }
        this.sampledAt = now;
        this.started = started;
        this.replicas = replicas;
        return List.copyOf(samples);
    }

    Instant lastActive() {
        return lastActive;
    }
}
