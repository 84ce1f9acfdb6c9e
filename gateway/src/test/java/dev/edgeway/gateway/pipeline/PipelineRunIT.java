package dev.edgeway.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.edgeway.gateway.auth.BasicAuthCredentials;
import dev.edgeway.gateway.support.GatewayIT;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/** {@code POST /pipeline/{name}}: real functions, each step's output kept in the state store. */
@GatewayIT
class PipelineRunIT {

    private static final String DIAMOND = """
            name: %1$s
            steps:
              - id: evaluate
                function: %1$s-evaluate
              - id: faces
                function: %1$s-recognize
                after: evaluate
                config: {model: faces}
              - id: plates
                function: %1$s-recognize
                after: evaluate
              - id: merge
                function: %1$s-merge
                after: [faces, plates]
            """;

    @Autowired
    WebTestClient client;

    @Autowired
    BasicAuthCredentials credentials;

    PipelineApi api;

    @BeforeEach
    void setUp() {
        api = new PipelineApi(client, credentials);
    }

    private void defineDiamond(String name) {
        api.deployStep(name + "-evaluate", "--tag evaluate");
        api.deployStep(name + "-recognize", "--tag recognize");
        api.deployStep(name + "-merge", "--tag merge");
        api.define(name, DIAMOND.formatted(name));
    }

    @Test
    void passesOutputsAlongAndGivesAFanInStepAJsonObjectKeyedByParent() {
        defineDiamond("run-data");

        EntityExchangeResult<byte[]> result = api.run("/pipeline/run-data", "{\"frame\":7}")
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentType(MediaType.APPLICATION_JSON)
                .expectBody()
                .returnResult();

        String runId = result.getResponseHeaders().getFirst("X-Run-Id");
        JsonNode merge = PipelineApi.parse(new String(result.getResponseBodyContent()));
        assertThat(runId).isNotBlank();
        assertThat(merge.get("step").asString()).isEqualTo("merge");
        assertThat(merge.get("run").asString()).isEqualTo(runId);
        assertThat(merge.get("task").asString()).isEqualTo(runId);
        JsonNode faces = merge.get("input").get("faces");
        JsonNode plates = merge.get("input").get("plates");
        assertThat(merge.get("input").propertyNames()).containsExactly("faces", "plates");
        assertThat(faces.get("config").get("model").asString()).isEqualTo("faces");
        assertThat(plates.get("config").isNull()).isTrue();
        assertThat(faces.get("input").get("step").asString()).isEqualTo("evaluate");
        assertThat(plates.get("input").get("input").get("frame").asInt()).isEqualTo(7);
    }

    @Test
    void keepsTheRunAsATaskWithEveryStepOutputAsAVariable() {
        defineDiamond("run-state");
        String runId = api.run("/pipeline/run-state", "{\"frame\":1}")
                .expectStatus()
                .isOk()
                .expectBody(byte[].class)
                .returnResult()
                .getResponseHeaders()
                .getFirst("X-Run-Id");

        JsonNode task = PipelineApi.json(api.get("/system/storage/tasks/" + runId), 200);
        JsonNode plates = PipelineApi.json(api.get("/system/storage/variables/" + runId + "/plates"), 200);

        assertThat(task.get("function_name").asString()).isEqualTo("run-state");
        assertThat(task.get("status").asString()).isEqualTo("succeeded");
        assertThat(task.get("variables").valueStream().map(JsonNode::asString))
                .containsExactly("_input", "_run", "evaluate", "faces", "merge", "plates");
        assertThat(plates.get("format").asString()).isEqualTo("json");
        assertThat(plates.get("value").get("step").asString()).isEqualTo("plates");
    }

    @Test
    void keepsConcurrentRunsOfOnePipelineApart() throws Exception {
        api.deployStep("run-apart-slow", "--sleep 0.3");
        api.define("run-apart", """
                name: run-apart
                steps:
                  - {id: first, function: run-apart-slow}
                  - {id: second, function: run-apart-slow, after: first}
                """);
        int runs = 6;
        ExecutorService callers = Executors.newFixedThreadPool(runs);
        try {
            List<CompletableFuture<EntityExchangeResult<byte[]>>> calls = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                String input = "{\"n\":" + i + "}";
                calls.add(CompletableFuture.supplyAsync(
                        () -> api.run("/pipeline/run-apart", input)
                                .expectStatus()
                                .isOk()
                                .expectBody()
                                .returnResult(),
                        callers));
            }
            List<String> runIds = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                EntityExchangeResult<byte[]> result = calls.get(i).get();
                JsonNode second = PipelineApi.parse(new String(result.getResponseBodyContent()));
                String runId = result.getResponseHeaders().getFirst("X-Run-Id");
                assertThat(second.get("run").asString()).isEqualTo(runId);
                assertThat(second.get("input").get("run").asString()).isEqualTo(runId);
                assertThat(second.get("input").get("input").get("n").asInt()).isEqualTo(i);
                runIds.add(runId);
            }
            assertThat(runIds).doesNotHaveDuplicates();
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void runsInTheBackgroundAndShowsItsStatusStepByStep() {
        defineDiamond("run-async");

        EntityExchangeResult<byte[]> accepted = api.run("/pipeline/run-async?async=true", "{\"frame\":3}")
                .expectStatus()
                .isAccepted()
                .expectBody()
                .returnResult();

        String runId = accepted.getResponseHeaders().getFirst("X-Run-Id");
        String statusUrl = "/system/pipelines/run-async/runs/" + runId;
        assertThat(accepted.getResponseHeaders().getLocation()).hasToString(statusUrl);
        JsonNode body = PipelineApi.parse(new String(accepted.getResponseBodyContent()));
        assertThat(body.get("status_url").asString()).isEqualTo(statusUrl);
        await().atMost(Duration.ofSeconds(30)).until(() -> PipelineApi.json(api.status("run-async", runId), 200)
                .get("status")
                .asString()
                .equals("succeeded"));
        JsonNode run = PipelineApi.json(api.status("run-async", runId), 200);
        assertThat(PipelineDefinitionsIT.ids(run.get("steps"))).containsExactly("evaluate", "faces", "plates", "merge");
        assertThat(PipelineDefinitionsIT.texts(run.get("steps"), "status")).containsOnly("done");
        run.get("steps").valueStream().forEach(step -> {
            assertThat(step.get("attempts").asInt()).isEqualTo(1);
            assertThat(step.get("duration_ms").asDouble()).isPositive();
        });
        JsonNode merge = PipelineApi.json(api.get("/system/storage/variables/" + runId + "/merge"), 200);
        assertThat(merge.get("value")
                        .get("input")
                        .get("faces")
                        .get("input")
                        .get("input")
                        .get("frame")
                        .asInt())
                .isEqualTo(3);
    }

    @Test
    void refusesARunIdOutsideTheTaskIdAlphabet() {
        api.define("run-ids", "name: run-ids\nsteps: [{id: a, function: nothing}]\n");

        JsonNode problem = PipelineApi.json(api.status("run-ids", "bad.id"), 400);

        assertThat(problem.get("type").asString()).isEqualTo("https://edgeway.dev/problems/pipelines/invalid-run-id");
        assertThat(problem.get("detail").asString())
                .isEqualTo("run id: bad.id (expected: 1 to 128 characters from A-Z a-z 0-9 _ -)");
    }

    @Test
    void answersAnUnknownRunWithRunNotFound() {
        api.define("run-unknown", "name: run-unknown\nsteps: [{id: a, function: nothing}]\n");

        JsonNode status = PipelineApi.json(api.status("run-unknown", "no-such-run"), 404);
        JsonNode resume = PipelineApi.json(api.resume("run-unknown", "no-such-run"), 404);

        assertThat(status.get("type").asString()).isEqualTo("https://edgeway.dev/problems/pipelines/run-not-found");
        assertThat(status.get("run_id").asString()).isEqualTo("no-such-run");
        assertThat(resume.get("type").asString()).isEqualTo("https://edgeway.dev/problems/pipelines/run-not-found");
    }

    @Test
    void answersARunOfAnotherPipelineWithRunNotFound() {
        defineDiamond("run-mine");
        api.define("run-theirs", "name: run-theirs\nsteps: [{id: a, function: nothing}]\n");
        String runId = api.run("/pipeline/run-mine", "{}")
                .expectStatus()
                .isOk()
                .expectBody(byte[].class)
                .returnResult()
                .getResponseHeaders()
                .getFirst("X-Run-Id");

        JsonNode problem = PipelineApi.json(api.status("run-theirs", runId), 404);

        assertThat(problem.get("type").asString()).isEqualTo("https://edgeway.dev/problems/pipelines/run-not-found");
    }

    @Test
    void answersAnUnknownPipelineWithPipelineNotFound() {
        JsonNode run = PipelineApi.json(api.run("/pipeline/no-such-pipeline", "{}"), 404);
        JsonNode status = PipelineApi.json(api.status("no-such-pipeline", "some-run"), 404);

        assertThat(run.get("type").asString()).isEqualTo("https://edgeway.dev/problems/pipelines/pipeline-not-found");
        assertThat(status.get("type").asString())
                .isEqualTo("https://edgeway.dev/problems/pipelines/pipeline-not-found");
    }

    @Test
    void refusesAnAsyncParameterThatIsNotABoolean() {
        JsonNode problem = PipelineApi.json(api.run("/pipeline/run-data?async=soon", "{}"), 400);

        assertThat(problem.get("detail").asString()).isEqualTo("async: soon (expected: true or false)");
    }
}
