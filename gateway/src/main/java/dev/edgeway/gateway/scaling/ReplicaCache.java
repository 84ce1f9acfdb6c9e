package dev.edgeway.gateway.scaling;

import dev.edgeway.gateway.provider.FunctionStatus;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers for a short while which functions had a ready replica, so that a busy function
 * is not looked up on every call (the OpenFaaS gateway keeps such entries for 250 ms).
 */
public class ReplicaCache {

    private final long expiryNanos;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    public ReplicaCache(Duration expiry) {
        this.expiryNanos = expiry.toNanos();
    }

    /** Whether the function was seen with a ready replica within the expiry. */
    public boolean isReady(String name, String namespace) {
        Entry entry = entries.get(name + "." + namespace);
        return entry != null && entry.available > 0 && System.nanoTime() - entry.seenAt < expiryNanos;
    }

    /** Records what a provider lookup said. */
    public void put(String name, String namespace, FunctionStatus status) {
        entries.put(name + "." + namespace, new Entry(status.availableReplicas(), System.nanoTime()));
    }

    /** Forgets a function, after it was scaled or removed. */
    public void evict(String name, String namespace) {
        entries.remove(name + "." + namespace);
    }

    private record Entry(long available, long seenAt) {}
}
