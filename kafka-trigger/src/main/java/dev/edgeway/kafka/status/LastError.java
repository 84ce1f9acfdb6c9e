package dev.edgeway.kafka.status;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The trigger's most recent failure, for {@code GET /system/kafka}: a record retried or
 * dead-lettered, a consumer that stopped abnormally, brokers that did not answer. Kept in memory,
 * per gateway; it names the failure, never a record's content.
 */
public final class LastError {

    /** A failure and when it was seen. */
    public record Seen(Instant at, String message) {}

    private final AtomicReference<Seen> last = new AtomicReference<>();

    public void record(String message) {
        last.set(new Seen(Instant.now(), message));
    }

    public Optional<Seen> last() {
        return Optional.ofNullable(last.get());
    }
}
