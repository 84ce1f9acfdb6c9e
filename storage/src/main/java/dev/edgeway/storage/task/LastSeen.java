package dev.edgeway.storage.task;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What this gateway last read or wrote per key, with the revision it was at: a hint that lets a
 * write go straight to the compare-and-set at that revision instead of reading first. A hint can
 * be stale (another gateway wrote since); then the compare-and-set fails, and the writer reads
 * and tries again, so it costs a round trip and never a wrong answer. A revision names one entry
 * for good (the stream sequence is never reused), so a write that succeeds at the remembered
 * revision replaced exactly the remembered value. The least recently used keys are forgotten
 * beyond {@code capacity}.
 *
 * @param <V> what is remembered about the entry
 */
public final class LastSeen<V> {

    /**
     * One remembered entry.
     *
     * @param revision the entry's revision
     * @param value what it held
     */
    public record Seen<V>(long revision, V value) {}

    private final Map<String, Seen<V>> entries;

    public LastSeen(int capacity) {
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Seen<V>> eldest) {
                return size() > capacity;
            }
        };
    }

    public synchronized @Nullable Seen<V> get(String key) {
        return entries.get(key);
    }

    public synchronized void put(String key, long revision, V value) {
        entries.put(key, new Seen<>(revision, value));
    }

    public synchronized void forget(String key) {
        entries.remove(key);
    }
}
