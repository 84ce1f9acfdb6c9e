package dev.edgeway.storage.nats;

import io.nats.client.NUID;
import io.nats.client.ObjectStore;
import io.nats.client.api.ObjectInfo;
import io.nats.client.api.ObjectMeta;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Values too large for a key-value entry, kept in the JetStream Object Store. Every write gets
 * a new object name, so a key-value entry and the object it points to always belong together;
 * the object a replaced or deleted entry pointed to is deleted after it, and objects that no
 * entry points to (a write that failed midway) are collected by the sweeper.
 */
public final class LargeValueSpill {

    private final JetStreamBuckets buckets;

    public LargeValueSpill(JetStreamStateStore store) {
        this.buckets = store.buckets();
    }

    /**
     * An object in the store.
     *
     * @param name the object name
     * @param size its size in bytes
     * @param modified when it was written
     */
    public record SpilledObject(String name, long size, Instant modified) {}

    /** Stores a value under a new name starting with {@code prefix}; returns the name. */
    public String put(String prefix, byte[] value) {
        String name = prefix + "." + NUID.nextGlobal();
        return call(store -> {
            store.put(ObjectMeta.objectName(name), new ByteArrayInputStream(value));
            return name;
        });
    }

    /** The value of an object, or empty when there is no such object. */
    public Optional<byte[]> get(String name) {
        return call(store -> {
            ObjectInfo info = store.getInfo(name);
            if (info == null || info.isDeleted()) {
                return Optional.empty();
            }
            ByteArrayOutputStream out =
                    new ByteArrayOutputStream((int) Math.min(info.getSize(), Integer.MAX_VALUE - 8));
            store.get(name, out);
            return Optional.of(out.toByteArray());
        });
    }

    /** Deletes an object; deleting an absent object does nothing. */
    public void delete(String name) {
        call(store -> {
            ObjectInfo info = store.getInfo(name);
            if (info != null && !info.isDeleted()) {
                store.delete(name);
            }
            return null;
        });
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
        return JetStreamStateStore.Calls.withRetryOnMissingBucket(
                buckets, handles -> call.apply(handles.largeValues()));
    }

    @FunctionalInterface
    private interface ObjectStoreCall<T> {
        T apply(ObjectStore store) throws Exception;
    }
}
