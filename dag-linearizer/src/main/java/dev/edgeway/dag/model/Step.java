package dev.edgeway.dag.model;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One step of a pipeline: what it calls, which steps it runs after, how long one call may take,
 * how it is retried, its priority among steps ready at the same time (higher runs first), and a
 * free configuration passed to the step with each call.
 */
public record Step(
        StepId id,
        StepTarget target,
        List<StepId> after,
        Duration timeout,
        RetryPolicy retries,
        int priority,
        Map<String, Object> config) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    public Step {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(target, "target");
        after = List.copyOf(after);
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(retries, "retries");
        config = ConfigCopy.of(config);
    }

    /** A step with the defaults: no parents, 30s timeout, no retries, priority 0, no config. */
    public static Step of(String id, StepTarget target) {
        return new Step(StepId.of(id), target, List.of(), DEFAULT_TIMEOUT, RetryPolicy.NONE, 0, Map.of());
    }

    public Step withAfter(String... parents) {
        List<StepId> ids = Arrays.stream(parents).map(StepId::of).toList();
        return new Step(id, target, ids, timeout, retries, priority, config);
    }

    public Step withTimeout(Duration newTimeout) {
        return new Step(id, target, after, newTimeout, retries, priority, config);
    }

    public Step withRetries(RetryPolicy newRetries) {
        return new Step(id, target, after, timeout, newRetries, priority, config);
    }

    public Step withPriority(int newPriority) {
        return new Step(id, target, after, timeout, retries, newPriority, config);
    }

    public Step withConfig(Map<String, Object> newConfig) {
        return new Step(id, target, after, timeout, retries, priority, newConfig);
    }
}
