package dev.edgeway.storage.stream;

import java.time.Duration;
import java.time.Instant;

/** One delivery of a stored message to a consumer, to be settled exactly once (or extended). */
public interface Delivery {

    byte[] data();

    /** How often the server has delivered this message, this time included. */
    long deliveries();

    /** When the stream stored the message. */
    Instant stored();

    /** The outcome is final: the message is done. */
    void ack();

    /** Not now: deliver again after {@code delay}. */
    void retryAfter(Duration delay);

    /** Still working: restart the acknowledgement deadline. */
    void inProgress();
}
