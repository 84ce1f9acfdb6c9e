package dev.edgeway.kafka.listener;

import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.kafka.support.Acknowledgment;

/**
 * The records of one assigned partition that are not committed yet. By key they end in any order; the commit only moves up to the last contiguous ended offset: when the lowest
 * unfinished record ends, the highest ended record below the next unfinished one is acknowledged,
 * which commits every offset up to it. A record that never ends (the gateway dies) is never
 * committed, so it comes again. One per assignment: after a revocation, late endings are ignored.
 */
final class PartitionProgress {

    private final NavigableSet<Long> unfinished = new TreeSet<>();
    private final NavigableMap<Long, Acknowledgment> ended = new TreeMap<>();
    private boolean revoked;

    synchronized void started(long offset) {
        unfinished.add(offset);
    }

    /** Records handed over and not committed yet: what bounds the memory a stuck key holds. */
    synchronized int uncommitted() {
        return unfinished.size() + ended.size();
    }

    synchronized void ended(long offset, Acknowledgment acknowledgment) {
        if (revoked || !unfinished.remove(offset)) {
            return;
        }
        ended.put(offset, acknowledgment);
        Long lowestUnfinished = unfinished.isEmpty() ? null : unfinished.first();
        NavigableMap<Long, Acknowledgment> committable =
                lowestUnfinished == null ? ended : ended.headMap(lowestUnfinished, false);
        if (!committable.isEmpty()) {
            // Acknowledging a record commits its offset + 1: every record below it has ended.
            committable.lastEntry().getValue().acknowledge();
            committable.clear();
        }
    }

    synchronized boolean isRevoked() {
        return revoked;
    }

    /** The partition went to another consumer, which reads it again from the last commit. */
    synchronized void revoke() {
        revoked = true;
        unfinished.clear();
        ended.clear();
    }
}
