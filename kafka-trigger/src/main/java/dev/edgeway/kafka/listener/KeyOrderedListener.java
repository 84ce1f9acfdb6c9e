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
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.springframework.kafka.listener.AcknowledgingMessageListener;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.support.Acknowledgment;

/**
 * Per-key ordering ({@code edgeway.kafka.ordering=key}): records of one key run one after the
 * other, in offset order; records of different keys run in parallel on at most
 * {@code key-concurrency} threads, across every partition of this gateway. Commits follow
 * {@link PartitionProgress}: only up to the last contiguous ended offset, so a gateway that dies
 * loses nothing. The consumer goes on polling while a key is slow; a partition is paused only when
 * {@code maxUncommitted} of its records wait for their commit, which bounds what a stuck key
 * holds. Records without a key are ordered per partition, as they are by default.
 *
 * <p>Spring Kafka's {@code asyncAcks} commits the same way, but pauses the whole consumer until
 * every record of a poll is acknowledged, so one slow record would hold every other key: hence
 * this class.
 */
public final class KeyOrderedListener
        implements AcknowledgingMessageListener<byte[], byte[]>, ConsumerAwareRebalanceListener, AutoCloseable {

    /** A key within its topic-partition: Kafka routes one key to one partition. */
    private record Lane(
            String topic, int partition, @Nullable ByteBuffer key) {

        static Lane of(ConsumerRecord<byte[], byte[]> record) {
            return new Lane(
                    record.topic(), record.partition(), record.key() == null ? null : ByteBuffer.wrap(record.key()));
        }
    }

    private static final CompletableFuture<Void> IDLE = CompletableFuture.completedFuture(null);

    private final RecordRetries retries;
    private final int maxUncommitted;
    private final ExecutorService calls;
    /** The last record of each key still running or waiting; a key whose records are done has none. */
    private final Map<Lane, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();

    private final Map<TopicPartition, PartitionProgress> progress = new ConcurrentHashMap<>();
    private volatile @Nullable MessageListenerContainer container;

    public KeyOrderedListener(RecordRetries retries, int concurrency, int maxUncommitted) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency: " + concurrency + " (expected: >= 1)");
        }
        this.retries = retries;
        this.maxUncommitted = maxUncommitted;
        this.calls = Executors.newFixedThreadPool(
                concurrency, Thread.ofPlatform().name("kafka-key-", 0).daemon().factory());
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
        if (records.uncommitted() >= maxUncommitted && container != null) {
            // Applied at the next poll; the rest of this poll is still handed over.
            container.pausePartition(partition);
        }
        Lane lane = Lane.of(record);
        CompletableFuture<Void> tail = tails.compute(lane, (ignored, previous) -> (previous == null ? IDLE : previous)
                .thenCompose(done -> retries.deliver(record, calls)));
        tail.thenRun(() -> {
            tails.remove(lane, tail);
            if (acknowledgment != null) {
                records.ended(record.offset(), acknowledgment);
            }
            if (container != null && records.uncommitted() < maxUncommitted / 2) {
                container.resumePartition(partition);
            }
        });
    }

    @Override
    public void onPartitionsRevokedBeforeCommit(
            org.apache.kafka.clients.consumer.Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        partitions.forEach(partition -> {
            PartitionProgress gone = progress.remove(partition);
            if (gone != null) {
                gone.revoke();
            }
        });
    }

    @Override
    public void onPartitionsLost(
            org.apache.kafka.clients.consumer.Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        onPartitionsRevokedBeforeCommit(consumer, partitions);
    }

    /** Keys with records running or waiting, for the status view. */
    public int activeKeys() {
        return tails.size();
    }

    /** Records not yet done stay uncommitted and are delivered again after a restart. */
    @Override
    public void close() throws InterruptedException {
        calls.shutdownNow();
        calls.awaitTermination(10, TimeUnit.SECONDS);
    }
}
