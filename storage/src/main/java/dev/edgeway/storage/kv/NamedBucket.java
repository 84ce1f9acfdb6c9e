package dev.edgeway.storage.kv;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One key-value bucket, with each entry's revision exposed for optimistic concurrency. Every call
 * is one blocking request to the server (call it off the event loop) and throws
 * {@link dev.edgeway.storage.StoreUnavailableException} when the server cannot serve it; a
 * conditional write that loses a race throws {@link RevisionConflictException}.
 */
public interface NamedBucket {

    /** The bucket's name. */
    String name();

    /** The entry, or empty when the key was never written, was deleted or purged. */
    Optional<Entry> get(String key);

    /** Writes a key whatever its revision; returns the new revision. */
    long put(String key, byte[] value);

    /** Writes a key that is absent (never written, deleted or purged); returns the new revision. */
    default long create(String key, byte[] value) {
        return create(key, value, null);
    }

    /**
     * Writes a key that is absent, marked with {@code expiresAt} (when not null) beside the value,
     * where {@link #expiries} finds it without reading values; returns the new revision. The mark
     * is only an index: the bucket never removes an entry because of it.
     */
    long create(String key, byte[] value, @Nullable Instant expiresAt);

    /** Writes a key whose latest revision is {@code expectedRevision}; returns the new revision. */
    default long update(String key, byte[] value, long expectedRevision) {
        return update(key, value, expectedRevision, null);
    }

    /** Writes a key whose latest revision is {@code expectedRevision}, marked as for {@link #create(String, byte[], Instant)}. */
    long update(String key, byte[] value, long expectedRevision, @Nullable Instant expiresAt);

    /**
     * The live keys {@code prefix.*} ({@code prefix} null: every key) whose latest entry was written
     * with an expiry mark, with the mark; one pass over the entries' headers, no value is read.
     */
    Map<String, Instant> expiries(@Nullable String prefix);

    /** Removes a key and its history. */
    void delete(String key);

    /** Removes a key and its history if its latest revision is {@code expectedRevision}. */
    void delete(String key, long expectedRevision);

    /** Every live key. */
    List<String> keys();

    /** The live keys {@code prefix.*} (one more token), e.g. the variables of one task. */
    List<String> keysUnder(String prefix);

    /**
     * Follows the bucket's entries ({@link BucketWatcher}) until the returned handle is closed.
     * The watch survives reconnections to the server and resumes where it stopped; it does not
     * follow a bucket that is deleted and created again.
     */
    AutoCloseable watch(BucketWatcher watcher);

    /** The largest value an entry may hold: the server's payload limit, less room for headers. */
    long maxEntrySize();
}
