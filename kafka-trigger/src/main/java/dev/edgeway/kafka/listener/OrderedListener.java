package dev.edgeway.kafka.listener;

import dev.edgeway.kafka.errors.RecordRetries;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.springframework.kafka.listener.AcknowledgingMessageListener;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.support.Acknowledgment;

/**
 * Calls records off the consumer thread, in lanes: the records of one lane one after the other,
 * in offset order, different lanes in parallel. A lane is a partition ({@link #byPartition}, the
 * default ordering) or a key within its partition ({@link #byKey}). The consumer thread only
 * hands records over, so neither a slow call nor a waiting retry keeps it from polling within
 * {@code max.poll.interval.ms}, and neither holds another lane. Commits follow
 * {@link PartitionProgress}: only up to the last contiguous ended offset, so a gateway that dies
 * loses nothing. A partition is paused when {@code maxUncommitted} of its records wait for their
 * commit (what a stuck lane holds is bounded) and, by partition, while its record waits for a
 * retry (nothing is fetched that could not run anyway).
 *
 * <p>Spring Kafka's {@code asyncAcks} commits the same way, but pauses the whole consumer until
 * every record of a poll is acknowledged, and its {@code DefaultErrorHandler} pauses the whole
 * consumer while a retry waits: either would hold every other lane of the consumer. Hence this class.
 */
public final class OrderedListener
        implements AcknowledgingMessageListener<byte[], byte[]>, ConsumerAwareRebalanceListener, AutoCloseable {

    /** A partition, or a key within its partition: Kafka routes one key to one partition. */
    private record Lane(
            String topic, int partition, @Nullable ByteBuffer key) {}

    private static final CompletableFuture<Void> IDLE = CompletableFuture.completedFuture(null);

    private final RecordRetries retries;
    private final boolean byKey;
    private final int maxUncommitted;
    private final ExecutorService calls;
    /** The last record of each lane still running or waiting; a lane whose records are done has none. */
    private final Map<Lane, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();

    private final Map<TopicPartition, PartitionProgress> progress = new ConcurrentHashMap<>();
    private volatile @Nullable MessageListenerContainer container;

    private OrderedListener(RecordRetries retries, boolean byKey, int maxUncommitted, ExecutorService calls) {
        this.retries = retries;
        this.byKey = byKey;
        this.maxUncommitted = maxUncommitted;
        this.calls = calls;
    }

    /**
     * One lane per partition. At most one call per assigned partition runs at a time, so the calls
     * run on virtual threads, bounded by the assignment rather than by a pool.
     */
    public static OrderedListener byPartition(RecordRetries retries, int maxUncommitted) {
        return new OrderedListener(
                retries,
                false,
                maxUncommitted,
                Executors.newThreadPerTaskExecutor(
                        Thread.ofVirtual().name("kafka-partition-", 0).factory()));
    }

    /** One lane per key (records without a key: one per partition), on at most {@code concurrency} threads. */
    public static OrderedListener byKey(RecordRetries retries, int concurrency, int maxUncommitted) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency: " + concurrency + " (expected: >= 1)");
        }
        return new OrderedListener(
                retries,
                true,
                maxUncommitted,
                Executors.newFixedThreadPool(
                        concurrency,
                        Thread.ofPlatform().name("kafka-key-", 0).daemon().factory()));
    }

    /** The container whose partitions this listener pauses and resumes. */
    public void attach(MessageListenerContainer container) {
        this.container = container;
    }

    @Override
    public void onMessage(ConsumerRecord<byte[], byte[]> record, @Nullable Acknowledgment acknowledgment) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        PartitionProgress records = progress.computeIfAbsent(partition, p -> new PartitionProgress());
        records.started(record.offset());
        if (records.uncommitted() >= maxUncommitted) {
            // Applied at the next poll; the rest of this poll is still handed over.
            pause(partition);
        }
        Lane lane = new Lane(
                record.topic(),
                record.partition(),
                byKey && record.key() != null ? ByteBuffer.wrap(record.key()) : null);
        // By key, a waiting retry holds only its key: the partition's other keys go on.
        Runnable waiting = byKey ? () -> {} : () -> pause(partition);
        CompletableFuture<Void> tail = tails.compute(lane, (ignored, previous) -> (previous == null ? IDLE : previous)
                .thenCompose(done -> records.isRevoked()
                        // Its new owner reads it again from the last commit: calling it here too
                        // would run two records of the lane at once.
                        ? IDLE
                        : retries.deliver(record, calls, waiting)));
        tail.thenRun(() -> {
            tails.remove(lane, tail);
            if (acknowledgment != null) {
                records.ended(record.offset(), acknowledgment);
            }
            if (records.uncommitted() < maxUncommitted / 2) {
                resume(partition);
            }
        });
    }

    private void pause(TopicPartition partition) {
        MessageListenerContainer consumers = container;
        if (consumers != null) {
            consumers.pausePartition(partition);
        }
    }

    private void resume(TopicPartition partition) {
        MessageListenerContainer consumers = container;
        if (consumers != null && consumers.isPartitionPauseRequested(partition)) {
            consumers.resumePartition(partition);
        }
    }

    @Override
    public void onPartitionsRevokedBeforeCommit(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        partitions.forEach(partition -> {
            PartitionProgress gone = progress.remove(partition);
            if (gone != null) {
                gone.revoke();
            }
            // A pause of ours must not outlive the assignment it was for.
            resume(partition);
        });
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        onPartitionsRevokedBeforeCommit(consumer, partitions);
    }

    /** Records not yet done stay uncommitted and are delivered again after a restart. */
    @Override
    public void close() throws InterruptedException {
        calls.shutdownNow();
        calls.awaitTermination(10, TimeUnit.SECONDS);
    }
}
