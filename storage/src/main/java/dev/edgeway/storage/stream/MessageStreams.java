package dev.edgeway.storage.stream;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Durable message streams on the state store's connection: created when absent, published to
 * with the server's acknowledgement, read and pruned by sequence. Every call is a blocking
 * request (call it off the event loop) and throws {@link dev.edgeway.storage.StoreUnavailableException}
 * when the server cannot serve it.
 */
public interface MessageStreams {

    /** Creates the stream when it does not exist; an existing one is used as it is. */
    void ensure(StreamSpec spec);

    /** The server's largest message, in bytes. */
    long maxPayload();

    /**
     * Publishes and waits for the stream's acknowledgement, so the message is stored when this
     * returns; returns its sequence. The message id makes a repeated publish within the duplicate
     * window (two minutes) a no-op.
     */
    long publish(String subject, byte[] data, String messageId);

    /** Up to {@code limit} stored messages from {@code fromSequence} on, oldest first. */
    List<StoredMessage> read(String stream, long fromSequence, int limit);

    /** Removes one stored message. */
    void delete(String stream, long sequence);

    /** How many messages the stream holds now. */
    long depth(String stream);

    /** When the stream's oldest message was stored, or empty when it holds none. */
    Optional<Instant> oldest(String stream);

    /** How many messages the stream holds now per subject, for the subjects that have any. */
    Map<String, Long> depthBySubject(String stream);

    /** When the oldest message of one subject was stored, or empty when the subject has none. */
    Optional<Instant> oldest(String stream, String subject);
}
