package dev.edgeway.gateway.async;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Where accepted calls wait for a worker, durably. Blocking: call it off the event loop. Every
 * method fails with the store's unavailability exception while the queue cannot be reached.
 */
interface InvocationQueue {

    /** Stores a call; when this returns the call survives a crash of gateway or NATS. */
    void enqueue(QueueRequest request);

    /** The largest stored call, in bytes, as the queue encodes it. */
    long maxCallSize();

    /** The encoded size of a call. */
    long sizeOf(QueueRequest request);

    /** Prepares a named queue (the default one is {@code ""}) for workers. */
    void open(String queueName);

    /** The next call of a queue, waiting up to {@code maxWait}. */
    Optional<QueuedCall> next(String queueName, Duration maxWait);

    /** The named queues that have consumers in NATS (from this or another gateway) or calls waiting. */
    List<String> knownQueues();

    /** How many calls wait or run, over all queues. */
    long depth();

    /** When the oldest waiting or running call was stored, or empty. */
    Optional<Instant> oldest();

    /** How many calls wait or run per queue ({@code ""} the default one), for the queues that have any. */
    Map<String, Long> depthByQueue();

    /** When the oldest waiting or running call of one queue was stored, or empty. */
    Optional<Instant> oldest(String queueName);

    /** Stores a call that ran out of attempts, with its failure. */
    void deadLetter(DeadLetter letter);

    /** Up to {@code limit} dead letters, oldest first, of one function ({@code name.namespace}) or of all. */
    List<StoredDeadLetter> deadLetters(@Nullable String function, int limit);

    /** Queues a dead letter's call again, as a new delivery of the same call id, and removes the letter. */
    void replay(StoredDeadLetter letter);
}
