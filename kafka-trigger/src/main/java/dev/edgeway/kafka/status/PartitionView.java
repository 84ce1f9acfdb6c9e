package dev.edgeway.kafka.status;

import org.jspecify.annotations.Nullable;

/**
 * One partition of a consumed topic.
 *
 * @param assigned whether this gateway's consumers hold it
 * @param paused whether this gateway paused it (a retry waiting, or per-key calls not yet done)
 * @param committed the group's committed offset, or null when it has none (or the brokers did not answer)
 * @param end the offset the next record will get, or null when the brokers did not answer
 * @param lag records between the committed offset and the end, or null when unknown
 */
public record PartitionView(
        String topic,
        int partition,
        boolean assigned,
        boolean paused,
        @Nullable Long committed,
        @Nullable Long end,
        @Nullable Long lag) {

    String name() {
        return topic + "-" + partition;
    }
}
