package dev.edgeway.storage.stream;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Durable pull consumers of {@link MessageStreams}: each message goes to one consumer at a time
 * and comes back until it is acknowledged. Blocking, and failing with
 * {@link dev.edgeway.storage.StoreUnavailableException}, like the streams.
 */
public interface StreamConsumers {

    /**
     * Creates (or updates) a durable pull consumer with explicit acks and unlimited deliveries:
     * the caller decides when a message is final.
     */
    void ensureConsumer(String stream, String durable, String filterSubject, Duration ackWait, int maxAckPending);

    /** The next message of a durable consumer, waiting up to {@code maxWait}; empty when none came. */
    Optional<Delivery> next(String stream, String durable, Duration maxWait);

    /** The names of a stream's durable consumers. */
    List<String> consumerNames(String stream);
}
