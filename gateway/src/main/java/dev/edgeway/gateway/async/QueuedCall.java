package dev.edgeway.gateway.async;

import java.time.Duration;
import java.time.Instant;

/**
 * A call handed to a worker. It stays in the queue until {@link #done()}; until then the queue
 * gives it to a worker again after the ack wait, unless {@link #stillRunning()} extends it.
 */
interface QueuedCall {

    QueueRequest request();

    /** When the queue stored the call. */
    Instant queuedAt();

    /** The outcome is final (success, or a final failure nothing keeps): the call and its body go. */
    void done();

    /** The outcome is final and a dead letter holds the call: it leaves the queue, its body stays for a replay. */
    void deadLettered();

    /** Not now: the queue offers the call again after {@code delay}. */
    void later(Duration delay);

    /** Extends the ack wait of a call that still runs. */
    void stillRunning();
}
