package dev.edgeway.storage.kv;

/**
 * Told of a bucket's contents and then of its changes ({@link NamedBucket#watch}), in the
 * bucket's order and on one thread of the store's client: first every key's latest entry, then
 * {@link #caughtUp}, then each write and removal as it happens. Keep the callbacks short; they
 * hold up the ones behind them.
 */
public interface BucketWatcher {

    /** A key was written (or, before {@link #caughtUp}, holds this entry). */
    void written(Entry entry);

    /** A key was deleted or purged; {@code revision} is that of the removal. */
    void removed(String key, long revision);

    /** Every entry that was in the bucket when the watch started has been told. */
    void caughtUp();
}
