package dev.edgeway.kafka.support;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jspecify.annotations.Nullable;

/** Produces to and reads from the shared broker's topics, as a client outside the trigger. */
public final class Topics {

    /**
     * One producer for the whole run: a new one per record spends most of a second on metadata. In
     * a holder, so that a test on a broker of its own does not start the shared one.
     */
    private static final class Shared {
        static final KafkaProducer<byte[], byte[]> PRODUCER = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedBroker.bootstrapServers()),
                new ByteArraySerializer(),
                new ByteArraySerializer());
    }

    private Topics() {}

    /** Sends a record and waits for the broker's acknowledgement: answers where it was written. */
    public static RecordMetadata send(String topic, byte @Nullable [] key, byte @Nullable [] value) {
        return send(topic, null, key, value);
    }

    /** Sends a record to a partition (null: the producer's choice) and waits for the broker's acknowledgement. */
    public static RecordMetadata send(
            String topic, @Nullable Integer partition, byte @Nullable [] key, byte @Nullable [] value) {
        try {
            return Shared.PRODUCER
                    .send(new ProducerRecord<>(topic, partition, key, value))
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot send to " + topic, e);
        }
    }

    /** Reads the topic from its start until a record matches; fails after a generous minute. */
    public static ConsumerRecord<byte[], byte[]> awaitRecord(
            String topic, Predicate<ConsumerRecord<byte[], byte[]>> match) {
        return awaitRecord(SharedBroker.bootstrapServers(), topic, match);
    }

    /** {@link #awaitRecord(String, Predicate)} on another broker than the shared one. */
    public static ConsumerRecord<byte[], byte[]> awaitRecord(
            String bootstrapServers, String topic, Predicate<ConsumerRecord<byte[], byte[]>> match) {
        try (KafkaConsumer<byte[], byte[]> consumer = fromStart(bootstrapServers, topic)) {
            List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (match.test(r)) {
                        found.add(r);
                    }
                });
                return !found.isEmpty();
            });
            return found.getFirst();
        }
    }

    /** Every record the topic holds now, read from its start. */
    public static List<ConsumerRecord<byte[], byte[]>> records(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = fromStart(SharedBroker.bootstrapServers(), topic)) {
            Set<TopicPartition> partitions = consumer.assignment();
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(found::add);
                return partitions.stream().allMatch(p -> consumer.position(p) >= ends.get(p));
            });
            return found;
        }
    }

    /** A reader of every partition of the topic from its start, in no group: it commits nothing. */
    private static KafkaConsumer<byte[], byte[]> fromStart(String bootstrapServers, String topic) {
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    /** The group's committed offset of the partition (the next record it reads), or 0 when it committed none. */
    public static long committed(String group, TopicPartition partition) {
        return committed(SharedBroker.bootstrapServers(), group, partition);
    }

    /** {@link #committed(String, TopicPartition)} on another broker than the shared one. */
    public static long committed(String bootstrapServers, String group, TopicPartition partition) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            OffsetAndMetadata offset = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS)
                    .get(partition);
            return offset == null ? 0 : offset.offset();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the offsets of " + group, e);
        }
    }

    /** The offset the partition's next record will get: how many records it ever held. */
    public static long endOffset(String bootstrapServers, TopicPartition partition) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            return admin.listOffsets(Map.of(partition, OffsetSpec.latest()))
                    .partitionResult(partition)
                    .get(30, TimeUnit.SECONDS)
                    .offset();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the end of " + partition, e);
        }
    }

    /** A header's value as text, or null. */
    public static @Nullable String header(ConsumerRecord<?, ?> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), java.nio.charset.StandardCharsets.UTF_8);
    }
}
