package dev.edgeway.kafka.status;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The trigger's state as {@code GET /system/kafka} shows it.
 *
 * @param connected whether the brokers answered the status read
 * @param running whether the trigger's consumers run
 * @param groupId the consumer group
 * @param ordering {@code partition} or {@code key}
 * @param partitions every partition of the consumed topics (with the brokers), else the assigned ones
 * @param paused the partitions this gateway has paused, {@code topic-partition}
 * @param lastError the most recent failure, or null when there was none
 */
public record StatusView(
        boolean connected,
        boolean running,
        String groupId,
        String ordering,
        List<PartitionView> partitions,
        List<String> paused,
        LastError.@Nullable Seen lastError) {

    public StatusView {
        partitions = List.copyOf(partitions);
        paused = List.copyOf(paused);
    }
}
