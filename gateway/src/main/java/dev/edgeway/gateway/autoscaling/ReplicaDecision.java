package dev.edgeway.gateway.autoscaling;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Decides the replicas one function should have from its recent load: a pure function of the
 * policy, the current count and the samples, so every rule is unit-tested without a clock.
 *
 * <p>Each sample recommends {@code ceil(load / (target * target-proportion))} replicas, kept
 * within min and max. A rise is followed at once; a fall only to the highest recommendation in
 * the stabilisation window, and never before a replica count has held for the whole window, so
 * a short lull does not shed replicas that the next burst needs and a count set by hand holds
 * (Kubernetes' HPA stabilises scale-down the same way). An idle function labelled for it goes
 * to zero after its zero-duration; a function at zero stays there, woken by the next call.
 */
final class ReplicaDecision {

    private ReplicaDecision() {}

    /**
     * The load measured at one tick, in the policy's unit (calls per second, calls in flight, or
     * millicores of CPU used by all replicas).
     */
    record LoadSample(Instant at, double load) {}

    /**
     * The replicas wanted now.
     *
     * @param samples the samples of the stabilisation window, oldest first (older ones are ignored)
     * @param lastActive when a call of the function last started or was in flight
     * @param replicasSince since when the function has had {@code current} replicas
     */
    static long desired(
            ScalingPolicy policy,
            long current,
            List<LoadSample> samples,
            Instant lastActive,
            Instant replicasSince,
            Instant now,
            Duration stabilisation) {
        if (current == 0) {
            return 0;
        }
        if (policy.zero() && !now.isBefore(lastActive.plus(policy.zeroDuration()))) {
            return 0;
        }
        if (policy.fixed() || samples.isEmpty()) {
            return current;
        }
        long latest = recommend(policy, samples.getLast().load());
        if (latest >= current) {
            return latest;
        }
        Instant since = now.minus(stabilisation);
        if (replicasSince.isAfter(since)) {
            // A count set within the window (by an admin, a wake, the last decision) holds for it.
            return current;
        }
        long highest = samples.stream()
                .filter(sample -> sample.at().isAfter(since))
                .mapToLong(sample -> recommend(policy, sample.load()))
                .max()
                .orElse(latest);
        return Math.min(current, Math.max(latest, highest));
    }

    /** One sample's recommendation, within min and max. */
    static long recommend(ScalingPolicy policy, double load) {
        double wanted = Math.ceil(load / policy.perReplica());
        return Math.clamp((long) wanted, policy.min(), policy.max());
    }
}
