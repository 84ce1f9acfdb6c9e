package dev.edgeway.kafka.ordering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.edgeway.kafka.support.HttpFunctions;
import dev.edgeway.kafka.support.SharedBroker;
import dev.edgeway.kafka.support.Topics;
import dev.edgeway.kafka.support.TriggerTestApplication;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;

/**
 * Per-key ordering on the shared broker: records of one key in order and never at once, keys in
 * parallel beyond the topic's two partitions up to the configured concurrency, a slow key not
 * holding the others, retries and dead letters off the consumer thread, and commits only up to
 * the last contiguous completed offset.
 */
@SpringBootTest(
        classes = TriggerTestApplication.class,
        properties = {
            "edgeway.kafka.enabled=true",
            "edgeway.kafka.topics=" + SharedBroker.KEYED,
            "edgeway.kafka.group-id=" + KeyOrderingIT.GROUP,
            "edgeway.kafka.ordering=key",
            "edgeway.kafka.key-concurrency=" + KeyOrderingIT.CONCURRENCY,
            "edgeway.kafka.refresh-interval=200ms",
            "edgeway.kafka.invoke-timeout=20s",
            "edgeway.kafka.retry.max-attempts=3",
            "edgeway.kafka.retry.initial-interval=100ms",
            "edgeway.kafka.retry.max-interval=300ms",
            "edgeway.kafka.retry.jitter=10ms",
            "spring.kafka.consumer.auto-offset-reset=earliest",
        })
@ContextConfiguration(initializers = SharedBroker.Initializer.class)
class KeyOrderingIT {

    static final String GROUP = "trigger-keyed-it";
    static final int CONCURRENCY = 6;

    @Autowired
    HttpFunctions functions;

    @Test
    void runsRecordsOfOneKeyInOrderAndKeysInParallelUpToTheConcurrency() {
        // One function per key, so "never two records of a key at once" is the function's own count.
        String run = UUID.randomUUID().toString().substring(0, 8);
        int keys = 10;
        int perKey = 8;
        IntStream.range(0, keys).forEach(k -> functions.deploy("keyed-" + run + "-" + k));
        for (int seq = 0; seq < perKey; seq++) {
            for (int k = 0; k < keys; k++) {
                send("key-" + k, "keyed-" + run + "-" + k, k + ":" + seq, 40);
            }
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> IntStream.range(0, keys)
                .allMatch(k -> functions.received("keyed-" + run + "-" + k).size() >= perKey));
        for (int k = 0; k < keys; k++) {
            String function = "keyed-" + run + "-" + k;
            int key = k;
            assertThat(functions.received(function))
                    .extracting(HttpFunctions.Received::text)
                    .containsExactlyElementsOf(IntStream.range(0, perKey)
                            .mapToObj(seq -> key + ":" + seq)
                            .toList());
            assertThat(functions.peakConcurrency(function)).as(function).isEqualTo(1);
        }
        // More calls at once than the topic has partitions, never more than the configured bound.
        assertThat(functions.peakConcurrency(HttpFunctions.ALL))
                .isGreaterThan(2)
                .isLessThanOrEqualTo(CONCURRENCY);
    }

    @Test
    void aSlowKeyDoesNotHoldTheOthersAndItsOffsetIsNotCommittedBeforeItEnds() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String slow = "slow-" + run;
        String fast = "fast-" + run;
        functions.deploy(slow);
        functions.deploy(fast);
        send("the-slow-key", slow, "slow", 8_000);
        IntStream.range(0, 20).forEach(i -> send("fast-key-" + i, fast, "fast " + i, 10));

        // Every fast record ran while the slow one was still running.
        await().atMost(Duration.ofSeconds(30))
                .until(() -> functions.received(fast).size() == 20);
        assertThat(functions.received(slow)).hasSize(1);
        assertThat(functions.peakConcurrency(slow)).isEqualTo(1);

        // Nothing at or after the slow record's offset is committed on its partition while it runs ...
        TopicPartition partition = partitionOf(slow);
        long slowOffset = offsetOf(slow);
        assertThat(Topics.committed(GROUP, partition)).isLessThanOrEqualTo(slowOffset);
        // ... and once it ended, the partition is committed past every record.
        await().atMost(Duration.ofSeconds(60)).until(() -> Topics.committed(GROUP, partition) > slowOffset);
    }

    @Test
    void retriesAndDeadLettersRecordsOffTheConsumerThread() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String flaky = "flaky-" + run;
        functions.deploy(flaky, 503, 503);
        send("k", flaky, "third time", 0);
        send("k", "missing-" + run, "nobody", 0);

        await().atMost(Duration.ofSeconds(30))
                .until(() -> functions.received(flaky).size() == 3);
        var dead = Topics.awaitRecord(SharedBroker.KEYED + ".DLT", r -> new String(r.value(), StandardCharsets.UTF_8)
                .contains("missing-" + run));
        assertThat(Topics.header(dead, "edgeway-dlt-status")).isEqualTo("404");
        assertThat(Topics.header(dead, "edgeway-dlt-attempts")).isEqualTo("1");
        assertThat(Topics.header(dead, "edgeway-dlt-target")).isEqualTo("missing-" + run);
    }

    private static void send(String key, String function, String payload, int delayMillis) {
        String envelope = "{\"function_name\":\"" + function + "\",\"payload\":\"" + payload + "\""
                + (delayMillis > 0 ? ",\"headers\":{\"X-Delay-Ms\":\"" + delayMillis + "\"}" : "") + "}";
        Topics.send(
                SharedBroker.KEYED, key.getBytes(StandardCharsets.UTF_8), envelope.getBytes(StandardCharsets.UTF_8));
    }

    /** The partition and offset of the function's first call, from its call id {@code kafka-<topic>-<partition>-<offset>}. */
    private TopicPartition partitionOf(String function) {
        String[] parts = callId(function).split("-");
        return new TopicPartition(SharedBroker.KEYED, Integer.parseInt(parts[parts.length - 2]));
    }

    private long offsetOf(String function) {
        String[] parts = callId(function).split("-");
        return Long.parseLong(parts[parts.length - 1]);
    }

    private String callId(String function) {
        return functions.received(function).getFirst().header("X-Call-Id");
    }
}
