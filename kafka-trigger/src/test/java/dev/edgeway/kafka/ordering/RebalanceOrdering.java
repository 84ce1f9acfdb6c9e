package dev.edgeway.kafka.ordering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.edgeway.kafka.support.HttpFunctions;
import dev.edgeway.kafka.support.SharedBroker;
import dev.edgeway.kafka.support.Topics;
import dev.edgeway.kafka.support.TriggerTestApplication;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * An ordering through two rebalances while keyed records flow with calls in flight: a second
 * trigger joins the group and takes a partition, then leaves and hands it back. Both call the
 * same function (the first trigger's {@link HttpFunctions}), so their calls are one sequence. A
 * record may be called again after its partition moved (at least once), but its first call comes
 * after the first call of every earlier record of its lane. A subclass is the test of one
 * ordering: its context's settings, and what a lane of that ordering is.
 */
abstract class RebalanceOrdering {

    static final String EARLIEST = "spring.kafka.consumer.auto-offset-reset=earliest";

    private static final int KEYS = 8;

    /** A record as sent: the {@code round}th of key {@code key}, written at {@code partition}, {@code offset}. */
    record Sent(int key, long round, int partition, long offset) {}

    private final String topic;
    private final String[] settings;

    @Autowired
    HttpFunctions functions;

    /**
     * @param topic the topic the triggers consume, two partitions, created by the subclass
     * @param settings the trigger settings of the subclass's context, given to the second trigger too
     */
    RebalanceOrdering(String topic, String... settings) {
        this.topic = topic;
        this.settings = settings.clone();
    }

    /** What this ordering keeps in order: the records of one lane are first called in the order sent. */
    abstract Object lane(Sent record);

    @Test
    void keepsTheOrderWhileASecondTriggerJoinsAndLeaves() throws Exception {
        String function = "ordered-" + UUID.randomUUID().toString().substring(0, 8);
        functions.deploy(function);
        List<Sent> sent = new CopyOnWriteArrayList<>();
        AtomicBoolean enough = new AtomicBoolean();
        CompletableFuture<Void> load = CompletableFuture.runAsync(() -> produce(function, sent, enough));
        await().atMost(Duration.ofSeconds(60)).until(() -> calls(function) > 40);

        try (ConfigurableApplicationContext second = new SpringApplicationBuilder(TriggerTestApplication.class)
                .web(WebApplicationType.NONE)
                .initializers(context -> context.getBeanFactory().registerSingleton("sharedFunctions", functions))
                .properties(Stream.concat(
                                Stream.of(
                                        "edgeway.kafka.enabled=true",
                                        "edgeway.kafka.bootstrap-servers=" + SharedBroker.bootstrapServers()),
                                Stream.of(settings))
                        .toArray(String[]::new))
                .run()) {
            MessageListenerContainer joined = second.getBean("kafkaTriggerContainer", MessageListenerContainer.class);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> !joined.getAssignedPartitions().isEmpty());
            long before = calls(function);
            await().atMost(Duration.ofSeconds(60)).until(() -> calls(function) > before + 40);
        }
        long afterLeaving = calls(function);
        await().atMost(Duration.ofSeconds(60)).until(() -> calls(function) > afterLeaving + 40);
        enough.set(true);
        load.get(1, TimeUnit.MINUTES);

        Map<String, Sent> byCallId = sent.stream()
                .collect(Collectors.toMap(r -> "kafka-" + topic + "-" + r.partition() + "-" + r.offset(), r -> r));
        await().atMost(Duration.ofSeconds(60))
                .until(() -> firstCalls(function, byCallId).size() == sent.size());
        assertThat(functions.received(function))
                .extracting(call -> call.header("X-Call-Id"))
                .as("every call is of a record sent")
                .allMatch(byCallId::containsKey);
        Map<Object, List<Sent>> expected = byLane(sent);
        Map<Object, List<Sent>> called = byLane(firstCalls(function, byCallId));
        assertThat(called.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        expected.forEach((lane, records) -> assertThat(called.get(lane))
                .as("lane %s: each record's first call, in call order", lane)
                .containsExactlyElementsOf(records));
    }

    /**
     * Rounds of one record per key, 10 ms apart, each call taking 10 ms, until {@code enough}; each
     * record in {@code sent}, in the order sent (offset order within a partition).
     */
    private void produce(String function, List<Sent> sent, AtomicBoolean enough) {
        AtomicLong rounds = new AtomicLong();
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
        try {
            clock.scheduleAtFixedRate(
                    () -> {
                        if (enough.get()) {
                            stopped.complete(null);
                            return;
                        }
                        try {
                            sendRound(function, rounds.getAndIncrement(), sent);
                        } catch (RuntimeException e) {
                            stopped.completeExceptionally(e);
                            throw e;
                        }
                    },
                    0,
                    10L * KEYS,
                    TimeUnit.MILLISECONDS);
            stopped.join();
        } finally {
            clock.shutdownNow();
        }
    }

    private void sendRound(String function, long round, List<Sent> sent) {
        for (int k = 0; k < KEYS; k++) {
            String envelope = "{\"function_name\":\"" + function + "\",\"payload\":\"" + k + ":" + round
                    + "\",\"headers\":{\"X-Delay-Ms\":\"10\"}}";
            RecordMetadata written = Topics.send(topic, bytes("key-" + k), bytes(envelope));
            sent.add(new Sent(k, round, written.partition(), written.offset()));
        }
    }

    /** The records in the order they were first called, by their call ids; repeats left out. */
    private List<Sent> firstCalls(String function, Map<String, Sent> byCallId) {
        Set<Sent> first = new LinkedHashSet<>();
        for (HttpFunctions.Received call : functions.received(function)) {
            Sent record = byCallId.get(call.header("X-Call-Id"));
            if (record != null) {
                first.add(record);
            }
        }
        return new ArrayList<>(first);
    }

    private Map<Object, List<Sent>> byLane(List<Sent> records) {
        return records.stream().collect(Collectors.groupingBy(this::lane, LinkedHashMap::new, Collectors.toList()));
    }

    private long calls(String function) {
        return functions.received(function).size();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
