package dev.edgeway.kafka.support;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A steady stream of envelopes for one function, produced while a test breaks something, and the
 * count the tests hold the trigger to: every record the broker acknowledged reached the function
 * at least once.
 */
public final class Load implements AutoCloseable {

    private final KafkaProducer<byte[], byte[]> producer;
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicInteger answered = new AtomicInteger();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final ScheduledExecutorService pace = Executors.newSingleThreadScheduledExecutor();
    private final String topic;
    private final String function;
    private final int count;

    /**
     * Starts sending envelopes to {@code topic}, one every {@code pauseMillis}, keyed in turn by 8
     * keys, until {@code count} are sent or {@link #stop} is called.
     */
    public Load(String bootstrapServers, String topic, String function, int count, long pauseMillis) {
        this.topic = topic;
        this.function = function;
        this.count = count;
        producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        // A broker that is down for a while: keep the records and send them when it is back.
                        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                        120_000),
                new ByteArraySerializer(),
                new ByteArraySerializer());
        pace.scheduleAtFixedRate(this::sendOne, 0, pauseMillis, TimeUnit.MILLISECONDS);
    }

    private void sendOne() {
        int i = sent.get();
        if (i >= count || stopped.getCount() == 0) {
            stop();
            return;
        }
        String id = function + "-" + i;
        String json = "{\"function_name\":\"" + function + "\",\"payload\":\"" + id + "\"}";
        sent.incrementAndGet();
        producer.send(
                new ProducerRecord<>(topic, bytes("key-" + (i % 8)), json.getBytes(StandardCharsets.UTF_8)),
                (metadata, error) -> {
                    if (error == null) {
                        acknowledged.add(id);
                    }
                    answered.incrementAndGet();
                });
    }

    /** Sends no more records. */
    public void stop() {
        stopped.countDown();
        pace.shutdown();
    }

    /** Stops, and waits until the broker answered every record sent (acknowledged or failed). */
    public Set<String> awaitAcknowledged(long timeout, TimeUnit unit) throws InterruptedException {
        stop();
        if (!pace.awaitTermination(timeout, unit)) {
            throw new IllegalStateException("the load did not stop in " + timeout + " " + unit);
        }
        producer.flush();
        if (answered.get() != sent.get()) {
            throw new IllegalStateException(answered.get() + " of " + sent.get() + " records answered after a flush");
        }
        return Set.copyOf(acknowledged);
    }

    /** Records handed to the producer so far. */
    public int sent() {
        return sent.get();
    }

    /** The payloads (record ids) among these calls. */
    public static Set<String> ids(List<HttpFunctions.Received> calls) {
        return calls.stream().map(HttpFunctions.Received::text).collect(Collectors.toSet());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        stop();
        producer.close();
    }
}
