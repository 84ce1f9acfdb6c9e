package dev.edgeway.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.edgeway.gateway.auth.BasicAuthCredentials;
import dev.edgeway.gateway.pipeline.run.RunQueue;
import dev.edgeway.gateway.pipeline.run.StateStoreRunStore;
import dev.edgeway.gateway.support.GatewayIT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A background run accepted with 202 but still queued when its gateway died: its input and its
 * {@code queued} status are in the store and its message in the durable run queue, and a gateway
 * taking it from there executes it, once.
 */
@GatewayIT
class QueuedRunRecoveryIT {

    private static final String ONE_STEP = """
            name: recovered
            steps:
              - id: evaluate
                function: recovered-evaluate
            """;

    @Autowired
    WebTestClient client;

    @Autowired
    BasicAuthCredentials credentials;

    @Autowired
    StateStoreRunStore store;

    @Autowired
    RunQueue queue;

    PipelineApi api;

    @BeforeEach
    void setUp() {
        api = new PipelineApi(client, credentials);
        api.deployStep("recovered-evaluate", "--tag evaluate");
        api.define("recovered", ONE_STEP);
    }

    @Test
    void executesARunLeftQueuedByAGatewayThatDiedAndOnlyOnce() {
        String runId = leftQueuedByADeadGateway("{\"frame\":9}");

        await().atMost(Duration.ofSeconds(30)).until(() -> PipelineApi.json(api.status("recovered", runId), 200)
                .get("status")
                .asString()
                .equals("succeeded"));
        assertThat(store.claim(runId)).as("a second gateway's claim").isFalse();
    }

    @Test
    void letsOnlyOneOfTwoGatewaysClaimAQueuedRun() {
        // Not in the queue: no worker of this gateway competes with the two claims below.
        String runId = queuedInTheStore(new byte[] {'{', '}'});

        assertThat(store.claim(runId)).isTrue();
        assertThat(store.claim(runId)).isFalse();
    }

    @Test
    void storesTheInputOfABackgroundRunBeforeAnsweringAccepted() {
        String runId = api.run("/pipeline/recovered?async=true", "{\"frame\":1}")
                .expectStatus()
                .isAccepted()
                .returnResult(byte[].class)
                .getResponseHeaders()
                .getFirst("X-Run-Id");

        assertThat(store.input(runId)).isPresent();
    }

    /**
     * What a gateway killed after answering 202 leaves: the task, its input, status queued, and
     * the run's message in the queue.
     */
    private String leftQueuedByADeadGateway(String input) {
        byte[] bytes = input.getBytes(StandardCharsets.UTF_8);
        String runId = queuedInTheStore(bytes);
        queue.enqueue(new RunQueue.QueuedRun(runId, "recovered", bytes.length));
        return runId;
    }

    private String queuedInTheStore(byte[] input) {
        String runId = PipelineNames.newRunId();
        store.create(runId, "recovered");
        store.queue(runId, input);
        store.forget(runId);
        return runId;
    }
}
