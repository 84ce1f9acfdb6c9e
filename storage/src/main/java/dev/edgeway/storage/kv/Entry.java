package dev.edgeway.storage.kv;

import java.util.Objects;

/**
 * One live key-value entry.
 *
 * @param key the key
 * @param value the stored bytes
 * @param revision the entry's revision: it grows with every write to the bucket and is never reused
 */
public record Entry(String key, byte[] value, long revision) {

    public Entry {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }
}
