package dev.edgeway.storage.nats;

import dev.edgeway.storage.kv.BucketSpec;
import dev.edgeway.storage.kv.BucketWatcher;
import dev.edgeway.storage.kv.Entry;
import dev.edgeway.storage.kv.NamedBucket;
import dev.edgeway.storage.kv.RevisionConflictException;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueOperation;
import io.nats.client.api.KeyValueWatcher;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A {@link NamedBucket} on a JetStream key-value bucket. Conditional writes that lose a race
 * (JetStream API error 10071, wrong last sequence) throw {@link RevisionConflictException}.
 */
final class JetStreamBucket implements NamedBucket {

    static final int WRONG_LAST_SEQUENCE = 10071;
    /** Room for NATS headers and our envelope when sizing an entry against the payload limit. */
    private static final long ENTRY_OVERHEAD = 8 * 1024;

    private final JetStreamBuckets buckets;
    private final BucketSpec spec;
    private final MarkedWrites writes;

    JetStreamBucket(JetStreamBuckets buckets, BucketSpec spec) {
        this.buckets = buckets;
        this.spec = spec;
        this.writes = new MarkedWrites(buckets, spec.name());
    }

    @Override
    public String name() {
        return spec.name();
    }

    @Override
    public Optional<Entry> get(String key) {
        return call(kv -> {
            KeyValueEntry entry = kv.get(key);
            if (entry == null || entry.getValue() == null) {
                return Optional.empty();
            }
            return Optional.of(new Entry(key, entry.getValue(), entry.getRevision()));
        });
    }

    @Override
    public long put(String key, byte[] value) {
        return call(kv -> kv.put(key, value));
    }

    @Override
    public long create(String key, byte[] value, @Nullable Instant expiresAt) {
        return call(kv -> writes.create(key, value, expiresAt));
    }

    @Override
    public long update(String key, byte[] value, long expectedRevision, @Nullable Instant expiresAt) {
        return call(kv -> writes.update(key, value, expectedRevision, expiresAt));
    }

    @Override
    public Map<String, Instant> expiries(@Nullable String prefix) {
        return call(kv -> writes.expiries(prefix));
    }

    @Override
    public void delete(String key) {
        call(kv -> {
            kv.purge(key);
            return null;
        });
    }

    @Override
    public void delete(String key, long expectedRevision) {
        call(kv -> {
            try {
                kv.purge(key, expectedRevision);
                return null;
            } catch (JetStreamApiException e) {
                throw conflictOr(e, key, expectedRevision);
            }
        });
    }

    @Override
    public List<String> keys() {
        return call(KeyValue::keys);
    }

    @Override
    public List<String> keysUnder(String prefix) {
        return call(kv -> kv.keys(prefix + ".*"));
    }

    @Override
    public AutoCloseable watch(BucketWatcher watcher) {
        return call(kv -> kv.watchAll(new KeyValueWatcher() {
            @Override
            public void watch(KeyValueEntry entry) {
                if (entry.getOperation() == KeyValueOperation.PUT && entry.getValue() != null) {
                    watcher.written(new Entry(entry.getKey(), entry.getValue(), entry.getRevision()));
                } else {
                    watcher.removed(entry.getKey(), entry.getRevision());
                }
            }

            @Override
            public void endOfData() {
                watcher.caughtUp();
            }
        }));
    }

    @Override
    public long maxEntrySize() {
        return NatsCalls.call(() -> buckets.connection().getServerInfo().getMaxPayload() - ENTRY_OVERHEAD);
    }

    /** Creates the bucket now when it is absent. */
    void open() {
        call(kv -> null);
    }

    static Exception conflictOr(JetStreamApiException e, String key, long expectedRevision) {
        return e.getApiErrorCode() == WRONG_LAST_SEQUENCE ? new RevisionConflictException(key, expectedRevision) : e;
    }

    private <T> T call(KeyValueCall<T> call) {
        return NatsCalls.withRetryOnMissingBucket(buckets, () -> call.apply(buckets.keyValue(spec)));
    }

    @FunctionalInterface
    private interface KeyValueCall<T> {
        T apply(KeyValue kv) throws Exception;
    }
}
