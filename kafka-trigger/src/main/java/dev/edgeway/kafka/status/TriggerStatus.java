package dev.edgeway.kafka.status;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Reads the trigger's state for {@code GET /system/kafka}: the brokers answer or not, the
 * partitions of every consumed topic with the group's committed offset, the end offset and the
 * lag between them, which of them this gateway holds and has paused, and the last error. It asks
 * the brokers with a short-lived consumer of its own that joins no group, so reading the state
 * never disturbs the trigger's consumers; it blocks, for at most {@code timeout} per call.
 */
public final class TriggerStatus {

    private final ConsumerFactory<byte[], byte[]> consumers;
    private final MessageListenerContainer container;
    private final Predicate<String> consumed;
    private final String groupId;
    private final String ordering;
    private final LastError errors;
    private final Duration timeout;

    public TriggerStatus(
            ConsumerFactory<byte[], byte[]> consumers,
            MessageListenerContainer container,
            Predicate<String> consumed,
            String groupId,
            String ordering,
            LastError errors,
            Duration timeout) {
        this.consumers = consumers;
        this.container = container;
        this.consumed = consumed;
        this.groupId = groupId;
        this.ordering = ordering;
        this.errors = errors;
        this.timeout = timeout;
    }

    public StatusView read() {
        Set<TopicPartition> assigned = new HashSet<>(assigned());
        List<PartitionView> partitions = new ArrayList<>();
        boolean connected;
        try (Consumer<byte[], byte[]> consumer = consumers.createConsumer(groupId, "edgeway-status", null)) {
            Set<TopicPartition> all = new HashSet<>(assigned);
            for (Map.Entry<String, List<PartitionInfo>> topic :
                    consumer.listTopics(timeout).entrySet()) {
                if (consumed.test(topic.getKey())) {
                    topic.getValue().forEach(p -> all.add(new TopicPartition(p.topic(), p.partition())));
                }
            }
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(all, timeout);
            Map<TopicPartition, Long> ends = consumer.endOffsets(all, timeout);
            for (TopicPartition partition : all) {
                OffsetAndMetadata offset = committed.get(partition);
                Long end = ends.get(partition);
                partitions.add(new PartitionView(
                        partition.topic(),
                        partition.partition(),
                        assigned.contains(partition),
                        paused(partition),
                        offset == null ? null : offset.offset(),
                        end,
                        end == null || offset == null ? null : Math.max(0, end - offset.offset())));
            }
            connected = true;
        } catch (KafkaException e) {
            // A timeout or an authentication failure: report what the gateway knows without the brokers.
            errors.record("brokers did not answer within " + timeout + ": " + e);
            assigned.forEach(p ->
                    partitions.add(new PartitionView(p.topic(), p.partition(), true, paused(p), null, null, null)));
            connected = false;
        }
        partitions.sort(Comparator.comparing(PartitionView::topic).thenComparingInt(PartitionView::partition));
        return new StatusView(
                connected,
                container.isRunning(),
                groupId,
                ordering,
                partitions,
                partitions.stream()
                        .filter(PartitionView::paused)
                        .map(PartitionView::name)
                        .toList(),
                errors.last().orElse(null));
    }

    private Collection<TopicPartition> assigned() {
        Collection<TopicPartition> assigned = container.getAssignedPartitions();
        return assigned == null ? List.of() : assigned;
    }

    /**
     * Paused by partition (per-key ordering's bound) or with its whole consumer: a retry waiting
     * pauses the consumer that holds its partition (Spring Kafka's {@code FailedRecordTracker}
     * asks {@code ContainerPausingBackOffHandler} for the container-wide pause), so every
     * partition of that consumer thread waits with it.
     */
    private boolean paused(TopicPartition partition) {
        if (container.isPartitionPaused(partition) || container.isPartitionPauseRequested(partition)) {
            return true;
        }
        if (container instanceof ConcurrentMessageListenerContainer<?, ?> consumers) {
            for (MessageListenerContainer consumer : consumers.getContainers()) {
                Collection<TopicPartition> held = consumer.getAssignedPartitions();
                if ((consumer.isPauseRequested() || consumer.isContainerPaused())
                        && held != null
                        && held.contains(partition)) {
                    return true;
                }
            }
        }
        return false;
    }
}
