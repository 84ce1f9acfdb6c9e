package dev.edgeway.kafka.ordering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.edgeway.kafka.support.HttpFunctions;
import dev.edgeway.kafka.support.SharedBroker;
import dev.edgeway.kafka.support.Topics;
import dev.edgeway.kafka.support.TriggerTestApplication;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.test.context.ContextConfiguration;

/**
 * The default per-partition ordering with one consumer thread for both partitions of the topic:
 * a record waiting for its retry pauses only its own partition, the other partition's records go
 * on, and a backoff far longer than {@code max.poll.interval.ms} causes no rebalance.
 */
@SpringBootTest(
        classes = TriggerTestApplication.class,
        properties = {
            "edgeway.kafka.enabled=true",
            "edgeway.kafka.topics=" + SharedBroker.RETRYING,
            "edgeway.kafka.group-id=trigger-retrying-it",
            "edgeway.kafka.concurrency=1",
            "edgeway.kafka.refresh-interval=200ms",
            "edgeway.kafka.invoke-timeout=10s",
            "edgeway.kafka.retry.max-attempts=2",
            "edgeway.kafka.retry.initial-interval=" + PartitionRetryIT.BACKOFF,
            "edgeway.kafka.retry.max-interval=" + PartitionRetryIT.BACKOFF,
            "edgeway.kafka.retry.jitter=0ms",
            "spring.kafka.consumer.auto-offset-reset=earliest",
            // A poll at least every 2 s, or the consumer leaves the group: far less than the backoff.
            "spring.kafka.consumer.properties.max.poll.interval.ms=2000",
        })
@ContextConfiguration(initializers = SharedBroker.Initializer.class)
class PartitionRetryIT {

    static final String BACKOFF = "12s";

    private static final TopicPartition HELD = new TopicPartition(SharedBroker.RETRYING, 0);
    private static final TopicPartition FLOWING = new TopicPartition(SharedBroker.RETRYING, 1);

    @Autowired
    HttpFunctions functions;

    @Autowired
    ConcurrentMessageListenerContainer<byte[], byte[]> container;

    @Autowired
    MeterRegistry registry;

    @Test
    void aRecordWaitingForItsRetryHoldsOnlyItsPartition() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String held = "held-" + run;
        String flowing = "flowing-" + run;
        functions.deploy(held, 503);
        functions.deploy(flowing);
        send(HELD, held, "first");
        send(HELD, held, "second");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> functions.received(held).size() == 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> container.isPartitionPaused(HELD));

        IntStream.range(0, 5).forEach(i -> send(FLOWING, flowing, "flowing " + i));

        // Partition 1 ran all five on the one consumer thread while partition 0 waited.
        await().atMost(Duration.ofSeconds(30))
                .until(() -> functions.received(flowing).size() == 5);
        assertThat(functions.received(held)).hasSize(1);
        assertThat(container.isPartitionPaused(FLOWING)).isFalse();
        // After the wait the retry succeeds, then the partition's next record runs, in order.
        await().atMost(Duration.ofSeconds(60))
                .until(() -> functions.received(held).size() == 3);
        assertThat(functions.received(held))
                .extracting(HttpFunctions.Received::text)
                .containsExactly("first", "first", "second");
        await().atMost(Duration.ofSeconds(30)).until(() -> !container.isPartitionPaused(HELD));
    }

    @Test
    void aBackoffLongerThanTheMaxPollIntervalCausesNoRebalance() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String waiting = "waiting-" + run;
        functions.deploy(waiting, 503);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !container.getAssignedPartitions().isEmpty());
        double rebalances = rebalances();
        // The meter is there and counted the group's first join: the comparison below can fail.
        assertThat(rebalances).isGreaterThanOrEqualTo(1);

        send(HELD, waiting, "once");
        await().atMost(Duration.ofSeconds(60))
                .until(() -> functions.received(waiting).size() == 2);

        // Twelve seconds of backoff against a two-second poll interval: the group never moved.
        assertThat(rebalances()).isEqualTo(rebalances);
        assertThat(container.getAssignedPartitions()).containsExactlyInAnyOrder(HELD, FLOWING);
        assertThat(functions.received(waiting)).hasSize(2);
    }

    /** The consumer's own count of completed rebalances (Kafka's {@code rebalance-total}). */
    private double rebalances() {
        return registry.find("kafka.consumer.coordinator.rebalance.total").meters().stream()
                .map(Meter::measure)
                .flatMap(measurements -> java.util.stream.StreamSupport.stream(measurements.spliterator(), false))
                .mapToDouble(Measurement::getValue)
                .sum();
    }

    private static void send(TopicPartition partition, String function, String payload) {
        String envelope = "{\"function_name\":\"" + function + "\",\"payload\":\"" + payload + "\"}";
        Topics.send(partition.topic(), partition.partition(), null, envelope.getBytes(StandardCharsets.UTF_8));
    }
}
