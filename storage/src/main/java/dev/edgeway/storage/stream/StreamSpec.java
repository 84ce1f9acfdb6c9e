package dev.edgeway.storage.stream;

import java.time.Duration;
import java.util.Objects;

/**
 * A stream to create when absent.
 *
 * @param name the stream's name
 * @param subject the subjects it captures (wildcards allowed)
 * @param workQueue whether an acknowledged message is removed (work-queue retention)
 * @param maxAge how long a message is kept at most, zero for no limit
 */
public record StreamSpec(String name, String subject, boolean workQueue, Duration maxAge) {

    public StreamSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(maxAge, "maxAge");
    }
}
