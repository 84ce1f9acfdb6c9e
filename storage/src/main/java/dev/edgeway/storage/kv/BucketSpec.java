package dev.edgeway.storage.kv;

import java.time.Duration;
import java.util.Objects;

/**
 * A key-value bucket to bind, created with these settings when it is absent. An existing bucket
 * is used as it is, whatever its settings, so several applications sharing NATS agree on one.
 *
 * @param name the bucket name ({@code A-Z a-z 0-9 _ -})
 * @param history revisions kept per key (1 to 64)
 * @param maxAge the age at which the server drops an entry, zero for never
 */
public record BucketSpec(String name, int history, Duration maxAge) {

    public BucketSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(maxAge, "maxAge");
        if (!name.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException("name: \"" + name + "\" (expected: A-Z a-z 0-9 _ -)");
        }
        if (history < 1 || history > 64) {
            throw new IllegalArgumentException("history: " + history + " (expected: 1 to 64)");
        }
        if (maxAge.isNegative()) {
            throw new IllegalArgumentException("maxAge: " + maxAge + " (expected: >= 0)");
        }
    }
}
