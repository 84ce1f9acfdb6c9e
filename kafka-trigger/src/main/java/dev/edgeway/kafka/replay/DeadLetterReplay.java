package dev.edgeway.kafka.replay;

import dev.edgeway.kafka.errors.FailureHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.jspecify.annotations.Nullable;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.support.KafkaHeaders;

/**
 * Sends the dead letters of a topic back to it: key, value and original headers, without the
 * failure headers, with {@link #REPLAYED_FROM} naming the letter. The consumer group
 * {@code <group-id>-replay} keeps, per dead-letter partition, where the last replay stopped, so
 * a letter is replayed once; letters the reason filter leaves out are passed over as well, and
 * {@code fromBeginning} reads the dead-letter topic from its start again. Blocking.
 */
public final class DeadLetterReplay {

    /** The header a replayed record carries: {@code <dead-letter topic>-<partition>-<offset>}. */
    public static final String REPLAYED_FROM = "edgeway-replayed-from";

    private static final Duration POLL = Duration.ofMillis(200);

    private final ConsumerFactory<byte[], byte[]> consumers;
    private final KafkaOperations<byte[], byte[]> producer;
    private final Predicate<String> consumed;
    private final String suffix;
    private final String groupId;
    private final Duration brokerTimeout;
    private final Duration maxDuration;
    private final Set<String> running = ConcurrentHashMap.newKeySet();

    /**
     * @param consumed whether the trigger consumes a topic (its topics, or its pattern)
     * @param brokerTimeout the longest wait for one answer of the brokers
     * @param maxDuration the longest one replay reads; what it did not reach is left for the next
     */
    public DeadLetterReplay(
            ConsumerFactory<byte[], byte[]> consumers,
            KafkaOperations<byte[], byte[]> producer,
            Predicate<String> consumed,
            String suffix,
            String triggerGroupId,
            Duration brokerTimeout,
            Duration maxDuration) {
        this.consumers = consumers;
        this.producer = producer;
        this.consumed = consumed;
        this.suffix = suffix;
        this.groupId = triggerGroupId + "-replay";
        this.brokerTimeout = brokerTimeout;
        this.maxDuration = maxDuration;
    }

    /**
     * @param limit the most letters to send back, at least 1
     * @param reason only letters whose {@code edgeway-dlt-reason} contains this text (plain text, not a pattern)
     */
    public ReplayResult replay(String topic, int limit, @Nullable String reason, boolean fromBeginning) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit: " + limit + " (expected: >= 1)");
        }
        if (!consumed.test(topic)) {
            throw new ReplayRefused(
                    ReplayRefused.Reason.NOT_CONSUMED,
                    "topic " + topic + " is not consumed by the Kafka trigger (expected: one of edgeway.kafka.topics,"
                            + " or a match of edgeway.kafka.topic-pattern)");
        }
        if (!running.add(topic)) {
            throw new ReplayRefused(
                    ReplayRefused.Reason.RUNNING, "a replay of " + topic + " is running on this gateway");
        }
        try (Consumer<byte[], byte[]> consumer = consumers.createConsumer(groupId, null, "-replay")) {
            return replay(consumer, topic, topic + suffix, limit, reason, fromBeginning);
        } catch (KafkaException e) {
            throw new ReplayRefused(
                    ReplayRefused.Reason.BROKER_UNAVAILABLE,
                    "the brokers did not answer in time: " + e.getMessage(),
                    e);
        } finally {
            running.remove(topic);
        }
    }

    private ReplayResult replay(
            Consumer<byte[], byte[]> consumer,
            String topic,
            String deadLetters,
            int limit,
            @Nullable String reason,
            boolean fromBeginning) {
        List<PartitionInfo> infos = consumer.listTopics(brokerTimeout).get(deadLetters);
        if (infos == null || infos.isEmpty()) {
            throw new ReplayRefused(
                    ReplayRefused.Reason.NO_DEAD_LETTERS,
                    "topic " + topic + " has no dead letters (" + deadLetters + " does not exist)");
        }
        List<TopicPartition> partitions = infos.stream()
                .map(info -> new TopicPartition(deadLetters, info.partition()))
                .toList();
        consumer.assign(partitions);
        // The end as the replay begins: letters written while it runs (a replayed one failing again) wait for the next.
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, brokerTimeout);
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(partitions), brokerTimeout);
        Map<TopicPartition, Long> next = new HashMap<>();
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata at = committed.get(partition);
            if (fromBeginning || at == null) {
                consumer.seekToBeginning(List.of(partition));
            } else {
                consumer.seek(partition, at.offset());
            }
            next.put(partition, consumer.position(partition, brokerTimeout));
        }
        List<String> letters = new ArrayList<>();
        int skipped = 0;
        long deadline = System.nanoTime() + maxDuration.toNanos();
        while (letters.size() < limit && behind(next, end) && System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> letter : consumer.poll(POLL)) {
                TopicPartition partition = new TopicPartition(letter.topic(), letter.partition());
                if (letters.size() >= limit || letter.offset() >= end.get(partition)) {
                    continue;
                }
                if (matches(letter, reason)) {
                    send(topic, letter);
                    letters.add(deadLetters + "-" + letter.partition() + "-" + letter.offset());
                } else {
                    skipped++;
                }
                next.put(partition, letter.offset() + 1);
            }
            if (letters.size() < limit) {
                // Past gaps the poll leaves no record for (compaction, transaction markers).
                partitions.forEach(p -> next.merge(p, Math.min(consumer.position(p), end.get(p)), Math::max));
            }
        }
        Map<TopicPartition, OffsetAndMetadata> reached = new HashMap<>();
        next.forEach((partition, offset) -> reached.put(partition, new OffsetAndMetadata(offset)));
        consumer.commitSync(reached, brokerTimeout);
        long remaining = partitions.stream()
                .mapToLong(p -> Math.max(0, end.get(p) - next.get(p)))
                .sum();
        return new ReplayResult(topic, deadLetters, letters.size(), skipped, remaining, letters);
    }

    private static boolean behind(Map<TopicPartition, Long> next, Map<TopicPartition, Long> end) {
        return next.entrySet().stream().anyMatch(e -> e.getValue() < end.get(e.getKey()));
    }

    private static boolean matches(ConsumerRecord<byte[], byte[]> letter, @Nullable String reason) {
        if (reason == null) {
            return true;
        }
        Header header = letter.headers().lastHeader(FailureHeaders.REASON);
        return header != null && new String(header.value(), StandardCharsets.UTF_8).contains(reason);
    }

    /** Back to the topic with the original key, value and headers; the producer picks the partition by key. */
    private void send(String topic, ConsumerRecord<byte[], byte[]> letter) {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, letter.key(), letter.value());
        for (Header header : letter.headers()) {
            if (!failureHeader(header.key())) {
                record.headers().add(header);
            }
        }
        String from = letter.topic() + "-" + letter.partition() + "-" + letter.offset();
        record.headers().add(REPLAYED_FROM, from.getBytes(StandardCharsets.UTF_8));
        try {
            producer.send(record).get(brokerTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while replaying " + from, e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new KafkaException("cannot replay " + from + ": " + e.getMessage(), e);
        }
    }

    private static boolean failureHeader(String name) {
        return name.startsWith("kafka_dlt-")
                || name.startsWith("edgeway-dlt-")
                || name.equals(KafkaHeaders.DELIVERY_ATTEMPT)
                || name.equals(REPLAYED_FROM);
    }
}
