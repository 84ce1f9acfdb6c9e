package dev.edgeway.storage.nats;

import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueEntry;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Key-value operations on the state store's JetStream buckets, with the NATS revision exposed
 * for optimistic concurrency. Conditional writes that lose a race (JetStream API error 10071,
 * wrong last sequence) throw {@link RevisionConflictException}; NATS being unreachable, slow or
 * refusing throws {@link StoreUnavailableException}. No NATS type crosses this class's API.
 */
public final class JetStreamStateStore {

    private static final int WRONG_LAST_SEQUENCE = 10071;
    /** Room for NATS headers and our envelope when sizing an entry against the payload limit. */
    private static final long ENTRY_OVERHEAD = 8 * 1024;

    private final JetStreamBuckets buckets;

    public JetStreamStateStore(NatsConnection nats, StoreLayout layout, Duration requestTimeout) {
        this.buckets = new JetStreamBuckets(nats, layout, requestTimeout);
    }

    /**
     * One live key-value entry.
     *
     * @param key the key
     * @param value the stored bytes
     * @param revision the entry's revision (its JetStream stream sequence)
     */
    public record Entry(String key, byte[] value, long revision) {

        public Entry {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
        }
    }

    /** Connects the buckets now, creating absent ones; throws {@link StoreUnavailableException} when it cannot. */
    public void open() {
        buckets.require();
    }

    /** The entry, or empty when the key was never written, was deleted or purged. */
    public Optional<Entry> get(Bucket bucket, String key) {
        return call(bucket, kv -> {
            KeyValueEntry entry = kv.get(key);
            if (entry == null || entry.getValue() == null) {
                return Optional.empty();
            }
            return Optional.of(new Entry(key, entry.getValue(), entry.getRevision()));
        });
    }

    /** Writes a key that is absent (or deleted); returns the new revision. */
    public long create(Bucket bucket, String key, byte[] value) {
        return call(bucket, kv -> {
            try {
                return kv.create(key, value);
            } catch (JetStreamApiException e) {
                throw conflictOr(e, key, 0);
            }
        });
    }

    /** Writes a key whose latest revision is {@code expectedRevision}; returns the new revision. */
    public long update(Bucket bucket, String key, byte[] value, long expectedRevision) {
        return call(bucket, kv -> {
            try {
                return kv.update(key, value, expectedRevision);
            } catch (JetStreamApiException e) {
                throw conflictOr(e, key, expectedRevision);
            }
        });
    }

    /** Writes a key whatever its revision; returns the new revision. */
    public long put(Bucket bucket, String key, byte[] value) {
        return call(bucket, kv -> kv.put(key, value));
    }

    /** Removes a key and its history if its latest revision is {@code expectedRevision}. */
    public void purge(Bucket bucket, String key, long expectedRevision) {
        call(bucket, kv -> {
            try {
                kv.purge(key, expectedRevision);
                return null;
            } catch (JetStreamApiException e) {
                throw conflictOr(e, key, expectedRevision);
            }
        });
    }

    /** Removes a key and its history. */
    public void purge(Bucket bucket, String key) {
        call(bucket, kv -> {
            kv.purge(key);
            return null;
        });
    }

    /** Every live key of a bucket. */
    public List<String> keys(Bucket bucket) {
        return call(bucket, KeyValue::keys);
    }

    /** The live keys {@code prefix.*} (one more token), e.g. the variables of one task. */
    public List<String> keysUnder(Bucket bucket, String prefix) {
        return call(bucket, kv -> kv.keys(prefix + ".*"));
    }

    /** The largest entry the server accepts, less room for headers. */
    public long maxEntrySize() {
        return buckets.require().connection().getServerInfo().getMaxPayload() - ENTRY_OVERHEAD;
    }

    JetStreamBuckets buckets() {
        return buckets;
    }

    private Exception conflictOr(JetStreamApiException e, String key, long expectedRevision) {
        return e.getApiErrorCode() == WRONG_LAST_SEQUENCE ? new RevisionConflictException(key, expectedRevision) : e;
    }

    private <T> T call(Bucket bucket, KeyValueCall<T> call) {
        return Calls.withRetryOnMissingBucket(
                buckets, handles -> call.apply(handles.keyValues().get(bucket)));
    }

    @FunctionalInterface
    private interface KeyValueCall<T> {
        T apply(KeyValue kv) throws Exception;
    }

    /** Turns a thrown exception into what callers handle: a conflict passes, the rest is unavailability. */
    static final class Calls {

        private Calls() {}

        @FunctionalInterface
        interface HandlesCall<T> {
            T apply(JetStreamBuckets.Handles handles) throws Exception;
        }

        static <T> T withRetryOnMissingBucket(JetStreamBuckets buckets, HandlesCall<T> call) {
            for (int attempt = 1; ; attempt++) {
                try {
                    return call.apply(buckets.require());
                } catch (RevisionConflictException | StoreUnavailableException e) {
                    throw e;
                } catch (JetStreamApiException e) {
                    // The server lost its store (or someone deleted a bucket): re-create and retry once.
                    if (e.getApiErrorCode() == JetStreamBuckets.STREAM_NOT_FOUND && attempt == 1) {
                        buckets.invalidate();
                        continue;
                    }
                    throw new StoreUnavailableException("NATS refused the request: " + e.getMessage(), e);
                } catch (IOException | IllegalStateException e) {
                    throw new StoreUnavailableException("NATS did not answer: " + e.getMessage(), e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StoreUnavailableException("interrupted while waiting for NATS", e);
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new StoreUnavailableException("NATS request failed: " + e, e);
                }
            }
        }
    }
}
