import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
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

/**
 * The load side of bench/kafka/kafka-bench.sh, one source file run with the broker's classpath
 * (kafka-clients). Each command prints one JSON object on standard output.
 *
 * <pre>
 * topics BOOTSTRAP NAME:PARTITIONS...            create topics (existing ones are kept)
 * direct GATEWAY FUNCTION COUNT CONCURRENCY       COUNT calls of POST /function/FUNCTION, CONCURRENCY at once
 * alone URL COUNT CONCURRENCY                     the same calls of POST URL: a function process called without the gateway
 * trigger BOOTSTRAP TOPIC GROUP FUNCTION COUNT KEYS REPLIES [PACE]
 *     COUNT envelopes for FUNCTION (KEYS distinct keys) to TOPIC; done when the trigger's GROUP
 *     committed them all; with REPLIES=a topic, each names it as reply_to, and the end-to-end
 *     latency is each reply's timestamp minus its record's; PACE records/s (default 0: all at once)
 * </pre>
 */
public final class KafkaBench {

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "topics" -> topics(args[1], Arrays.copyOfRange(args, 2, args.length));
            case "direct" ->
                calls(URI.create(args[1] + "/function/" + args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]));
            case "alone" -> calls(URI.create(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            case "trigger" ->
                trigger(args[1], args[2], args[3], args[4], Integer.parseInt(args[5]), Integer.parseInt(args[6]),
                        args[7], args.length > 8 ? Integer.parseInt(args[8]) : 0);
            default -> throw new IllegalArgumentException("unknown command: " + args[0]);
        }
    }

    static void topics(String bootstrap, String[] specs) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> create = new ArrayList<>();
            for (String spec : specs) {
                String[] parts = spec.split(":");
                if (!existing.contains(parts[0])) {
                    create.add(new NewTopic(parts[0], Integer.parseInt(parts[1]), (short) 1));
                }
            }
            admin.createTopics(create).all().get();
        }
        System.out.println("{\"created\":" + specs.length + "}");
    }

    static void calls(URI uri, int count, int concurrency) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        AtomicInteger next = new AtomicInteger();
        long[] latencies = new long[count];
        AtomicInteger failed = new AtomicInteger();
        long start = System.nanoTime();
        try (var workers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < concurrency; w++) {
                running.add(workers.submit(() -> {
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        long t = System.nanoTime();
                        HttpResponse<Void> response = client.send(
                                HttpRequest.newBuilder(uri)
                                        .POST(HttpRequest.BodyPublishers.ofString("{\"n\":" + i + "}"))
                                        .build(),
                                HttpResponse.BodyHandlers.discarding());
                        latencies[i] = System.nanoTime() - t;
                        if (response.statusCode() != 200) {
                            failed.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Arrays.sort(latencies);
        System.out.printf(
                "{\"count\":%d,\"concurrency\":%d,\"failed\":%d,\"seconds\":%.3f,\"rate\":%.1f,\"p50_ms\":%.2f,\"p99_ms\":%.2f}%n",
                count, concurrency, failed.get(), seconds, count / seconds, latencies[count / 2] / 1e6,
                latencies[(int) (count * 0.99)] / 1e6);
    }

    static void trigger(
            String bootstrap,
            String topic,
            String group,
            String function,
            int count,
            int keys,
            String replies,
            int pace)
            throws Exception {
        boolean withReplies = !replies.equals("none");
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        Map<TopicPartition, Long> before = ends(bootstrap, topic);
        long start = System.nanoTime();
        long startMillis = System.currentTimeMillis();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.LINGER_MS_CONFIG, 5),
                new ByteArraySerializer(),
                new ByteArraySerializer())) {
            List<Future<RecordMetadata>> sends = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                if (pace > 0) {
                    // Paced: record i leaves at i / pace seconds, so the latency is not queueing behind a burst.
                    long due = start + (long) (i * 1e9 / pace);
                    while (System.nanoTime() < due) {
                        java.util.concurrent.locks.LockSupport.parkNanos(due - System.nanoTime());
                    }
                }
                String envelope = "{\"function_name\":\"" + function + "\",\"payload\":{\"n\":" + i + "}"
                        + (withReplies ? ",\"reply_to\":\"" + replies + "\"" : "") + "}";
                sends.add(producer.send(new ProducerRecord<>(
                        topic,
                        ("key-" + run + "-" + (i % keys)).getBytes(StandardCharsets.UTF_8),
                        envelope.getBytes(StandardCharsets.UTF_8))));
            }
            for (Future<RecordMetadata> send : sends) {
                RecordMetadata m = send.get();
                sentAt.put("kafka-" + topic + "-" + m.partition() + "-" + m.offset(), m.timestamp());
            }
        }
        double produced = (System.nanoTime() - start) / 1e9;
        Map<TopicPartition, Long> target = ends(bootstrap, topic);
        List<Long> latencies = new ArrayList<>();
        if (withReplies) {
            latencies = replies(bootstrap, replies, sentAt, startMillis);
        }
        awaitCommitted(bootstrap, group, target);
        double seconds = (System.nanoTime() - start) / 1e9;
        long total = target.entrySet().stream()
                .mapToLong(e -> e.getValue() - before.getOrDefault(e.getKey(), 0L))
                .sum();
        latencies.sort(null);
        String latency = latencies.isEmpty()
                ? ""
                : String.format(",\"p50_ms\":%d,\"p99_ms\":%d,\"max_ms\":%d", latencies.get(latencies.size() / 2),
                        latencies.get((int) (latencies.size() * 0.99)), latencies.getLast());
        System.out.printf(
                "{\"count\":%d,\"keys\":%d,\"replies\":%s,\"produce_seconds\":%.3f,\"seconds\":%.3f,\"rate\":%.1f%s}%n",
                total, keys, withReplies, produced, seconds, total / seconds, latency);
    }

    /** Reads replies until one per sent record; latency = reply timestamp - record timestamp. */
    static List<Long> replies(String bootstrap, String topic, Map<String, Long> sentAt, long since) throws Exception {
        List<Long> latencies = new ArrayList<>();
        Map<String, Boolean> seen = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.GROUP_ID_CONFIG,
                        "bench-reader-" + UUID.randomUUID()),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            // The ends first: a partition with no reply since the run began at the time lookup
            // starts from its end as it was before that lookup. seekToEnd, resolved lazily at the
            // first poll, skipped the replies written in between, and the run waited 5 minutes.
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            var offsets = consumer.offsetsForTimes(partitions.stream()
                    .collect(java.util.stream.Collectors.toMap(p -> p, p -> since)));
            for (TopicPartition p : partitions) {
                var at = offsets.get(p);
                if (at == null) {
                    consumer.seek(p, ends.get(p));
                } else {
                    consumer.seek(p, at.offset());
                }
            }
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (seen.size() < sentAt.size() && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> reply : consumer.poll(Duration.ofMillis(200))) {
                    String callId = new String(reply.key(), StandardCharsets.UTF_8);
                    Long sent = sentAt.get(callId);
                    if (sent != null && seen.put(callId, true) == null) {
                        latencies.add(reply.timestamp() - sent);
                    }
                }
            }
        }
        if (seen.size() < sentAt.size()) {
            throw new IllegalStateException("replies: " + seen.size() + " of " + sentAt.size() + " within 5 minutes");
        }
        return latencies;
    }

    static Map<TopicPartition, Long> ends(String bootstrap, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            partitions.forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(latest).all().get().forEach((p, info) -> ends.put(p, info.offset()));
            return ends;
        }
    }

    static void awaitCommitted(String bootstrap, String group, Map<TopicPartition, Long> target) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (System.nanoTime() < deadline) {
                Map<TopicPartition, OffsetAndMetadata> committed =
                        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
                boolean done = target.entrySet().stream().allMatch(e -> {
                    OffsetAndMetadata c = committed.get(e.getKey());
                    return e.getValue() == 0 || (c != null && c.offset() >= e.getValue());
                });
                if (done) {
                    return;
                }
                Thread.sleep(20);
            }
        }
        throw new IllegalStateException("group " + group + " did not commit " + target + " within 5 minutes");
    }
}
