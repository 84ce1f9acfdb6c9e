package dev.edgeway.storage.nats;

import dev.edgeway.storage.kv.BucketSpec;
import dev.edgeway.storage.objects.ObjectBucket;
import io.nats.client.NUID;
import io.nats.client.ObjectStore;
import io.nats.client.api.ObjectInfo;
import io.nats.client.api.ObjectMeta;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Values too large for a key-value entry, kept in the JetStream Object Store. Every write gets
 * a new object name, so a key-value entry and the object it points to always belong together;
 * the object a replaced or deleted entry pointed to is deleted after it, and objects that no
 * entry points to (a write that failed midway) are collected by the sweeper.
 */
public final class LargeValueSpill implements ObjectBucket {

    private final JetStreamBuckets buckets;
    private final BucketSpec spec;

    /** The Object Store bucket {@code spec} names (its history is not used), on the connection of {@code buckets}. */
    public LargeValueSpill(NatsKeyValueBuckets buckets, BucketSpec spec) {
        this.buckets = buckets.buckets();
        this.spec = spec;
    }

    /** Creates the Object Store bucket now when it is absent. */
    public void open() {
        call(store -> null);
    }

    /**
     * An object in the store.
     *
     * @param name the object name
     * @param size its size in bytes
     * @param modified when it was written
     */
    public record SpilledObject(String name, long size, Instant modified) {}

    @Override
    public String put(String prefix, byte[] value) {
        String name = prefix + "." + NUID.nextGlobal();
        return call(store -> {
            store.put(ObjectMeta.objectName(name), new ByteArrayInputStream(value));
            return name;
        });
    }

    @Override
    public Optional<byte[]> get(String name) {
        return call(store -> {
            ObjectInfo info = store.getInfo(name);
            if (info == null || info.isDeleted()) {
                return Optional.empty();
            }
            ExactBytes out = new ExactBytes(info.getSize());
            store.get(name, out);
            return Optional.of(out.bytes());
        });
    }

    @Override
    public void delete(String name) {
        call(store -> {
            ObjectInfo info = store.getInfo(name);
            if (info != null && !info.isDeleted()) {
                store.delete(name);
            }
            return null;
        });
    }

    @Override
    public List<String> names() {
        return list().stream().map(SpilledObject::name).toList();
    }

    /** Every object that is not deleted. */
    public List<SpilledObject> list() {
        return call(store -> store.getList().stream()
                .filter(info -> !info.isDeleted())
                .map(info -> new SpilledObject(
                        info.getObjectName(), info.getSize(), info.getModified().toInstant()))
                .toList());
    }

    private <T> T call(ObjectStoreCall<T> call) {
        return NatsCalls.withRetryOnMissingBucket(buckets, () -> call.apply(buckets.objectStore(spec)));
    }

    @FunctionalInterface
    private interface ObjectStoreCall<T> {
        T apply(ObjectStore store) throws Exception;
    }

    /**
     * Collects an object into an array of its announced size, so that the value is held once;
     * a {@code ByteArrayOutputStream} would copy it again to hand it out.
     */
    private static final class ExactBytes extends OutputStream {

        private byte[] bytes;
        private int size;

        ExactBytes(long size) {
            this.bytes = new byte[(int) Math.min(size, Integer.MAX_VALUE - 8)];
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] from, int offset, int length) {
            if (size + length > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(size + length, 2 * bytes.length));
            }
            System.arraycopy(from, offset, bytes, size, length);
            size += length;
        }

        byte[] bytes() {
            return size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
        }
    }
}
