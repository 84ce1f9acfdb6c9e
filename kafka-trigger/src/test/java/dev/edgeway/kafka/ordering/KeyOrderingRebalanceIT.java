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
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.test.context.ContextConfiguration;

/**
 * Per-key ordering through two rebalances while keyed records flow with calls in flight: a second
 * trigger joins the group and takes a partition, then leaves and hands it back. Both call the
 * same functions, so their calls are one sequence. A record of a key may be called again after a
 * partition moved (at least once), but never before every earlier record of its key was called.
 */
@SpringBootTest(
        classes = TriggerTestApplication.class,
        properties = {
            "edgeway.kafka.enabled=true",
            "edgeway.kafka.topics=" + KeyOrderingRebalanceIT.TOPIC,
            KeyOrderingRebalanceIT.GROUP,
            KeyOrderingRebalanceIT.ORDERING,
            KeyOrderingRebalanceIT.CONCURRENCY,
            KeyOrderingRebalanceIT.EARLIEST,
        })
@ContextConfiguration(initializers = SharedBroker.Initializer.class)
class KeyOrderingRebalanceIT {

    static final String TOPIC = "keyed-rebalance";
    static final String GROUP = "edgeway.kafka.group-id=keyed-rebalance-it";
    static final String ORDERING = "edgeway.kafka.ordering=key";
    static final String CONCURRENCY = "edgeway.kafka.key-concurrency=4";
    static final String EARLIEST = "spring.kafka.consumer.auto-offset-reset=earliest";

    private static final int KEYS = 8;

    static {
        SharedBroker.createTopic(TOPIC, 2);
        SharedBroker.createTopic(TOPIC + ".DLT", 2);
    }

    @Autowired
    HttpFunctions functions;

    @Test
    void keepsEachKeysOrderWhileASecondTriggerJoinsAndLeaves() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        IntStream.range(0, KEYS).forEach(k -> functions.deploy(function(run, k)));
        AtomicBoolean enough = new AtomicBoolean();
        CompletableFuture<Long> load = CompletableFuture.supplyAsync(() -> produce(run, enough));
        await().atMost(Duration.ofSeconds(60)).until(() -> calls(run) > 40);

        try (ConfigurableApplicationContext second = new SpringApplicationBuilder(TriggerTestApplication.class)
                .web(WebApplicationType.NONE)
                .initializers(context -> context.getBeanFactory().registerSingleton("sharedFunctions", functions))
                .properties(
                        "edgeway.kafka.enabled=true",
                        "edgeway.kafka.bootstrap-servers=" + SharedBroker.bootstrapServers(),
                        "edgeway.kafka.topics=" + TOPIC,
                        GROUP,
                        ORDERING,
                        CONCURRENCY,
                        EARLIEST)
                .run()) {
            MessageListenerContainer joined = second.getBean("kafkaTriggerContainer", MessageListenerContainer.class);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> !joined.getAssignedPartitions().isEmpty());
            long before = calls(run);
            await().atMost(Duration.ofSeconds(60)).until(() -> calls(run) > before + 40);
        }
        long afterLeaving = calls(run);
        await().atMost(Duration.ofSeconds(60)).until(() -> calls(run) > afterLeaving + 40);
        enough.set(true);
        long perKey = load.get(1, TimeUnit.MINUTES);

        await().atMost(Duration.ofSeconds(60)).until(() -> IntStream.range(0, KEYS)
                .allMatch(k -> firstCalls(run, k).size() == perKey));
        for (int k = 0; k < KEYS; k++) {
            assertThat(firstCalls(run, k))
                    .as("key %d: each record's first call, in call order", k)
                    .containsExactlyElementsOf(
                            IntStream.range(0, (int) perKey).boxed().toList());
        }
    }

    /**
     * Rounds of one record per key, 10 ms apart, each call taking 20 ms, until {@code enough}:
     * answers how many records each key got.
     */
    private static long produce(String run, AtomicBoolean enough) {
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
                            sendRound(run, rounds.get());
                            rounds.incrementAndGet();
                        } catch (RuntimeException e) {
                            stopped.completeExceptionally(e);
                            throw e;
                        }
                    },
                    0,
                    10L * KEYS,
                    TimeUnit.MILLISECONDS);
            stopped.join();
            return rounds.get();
        } finally {
            clock.shutdownNow();
        }
    }

    private static void sendRound(String run, long round) {
        for (int k = 0; k < KEYS; k++) {
            String envelope = "{\"function_name\":\"" + function(run, k) + "\",\"payload\":\"" + round
                    + "\",\"headers\":{\"X-Delay-Ms\":\"20\"}}";
            Topics.send(TOPIC, bytes("key-" + k), bytes(envelope));
        }
    }

    /** The sequence numbers of key {@code k}'s records in the order they were first called; repeats left out. */
    private List<Integer> firstCalls(String run, int k) {
        List<Integer> first = new ArrayList<>();
        for (HttpFunctions.Received call : functions.received(function(run, k))) {
            int sequence = Integer.parseInt(call.text());
            if (!first.contains(sequence)) {
                first.add(sequence);
            }
        }
        return first;
    }

    private long calls(String run) {
        return IntStream.range(0, KEYS)
                .mapToLong(k -> functions.received(function(run, k)).size())
                .sum();
    }

    private static String function(String run, int k) {
        return "ordered-" + run + "-" + k;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
