package dev.edgeway.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgeway.gateway.auth.BasicAuthCredentials;
import dev.edgeway.gateway.support.GatewayIT;
import dev.edgeway.gateway.support.TestFunctions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/** Failing steps: the run stops at the step with the reason, timeouts and retries apply, a resume skips finished steps. */
@GatewayIT
// The step functions count their calls in a file of the test's temporary directory, which a
// sandboxed function may not write (SandboxIT covers the sandbox): this class runs unsandboxed.
@TestPropertySource(properties = "edgeway.gateway.local.sandbox=off")
class PipelineFailureIT {

    @Autowired
    WebTestClient client;

    @Autowired
    BasicAuthCredentials credentials;

    @TempDir
    Path temp;

    PipelineApi api;
    Path calls;

    @BeforeEach
    void setUp() {
        api = new PipelineApi(client, credentials);
        calls = temp.resolve("calls.log");
    }

    @Test
    void resumesAFailedRunAfterTheFunctionIsFixedWithoutCallingEarlierSteps() throws IOException {
        api.deployStep("fail-a", "--tag a --log " + calls);
        api.deployStep("fail-b", "--fail --log " + calls);
        api.deployStep("fail-c", "--tag c --log " + calls);
        api.define("fail-resume", """
                name: fail-resume
                steps:
                  - {id: a, function: fail-a}
                  - {id: b, function: fail-b, after: a}
                  - {id: c, function: fail-c, after: b}
                """);

        WebTestClient.ResponseSpec failed = api.run("/pipeline/fail-resume", "{\"x\":1}");
        String runId = failed.expectBody(byte[].class)
                .returnResult()
                .getResponseHeaders()
                .getFirst("X-Run-Id");
        JsonNode problem = PipelineApi.json(failed, 502);
        assertThat(problem.get("type").asString()).isEqualTo("https://edgeway.dev/problems/pipelines/step-failed");
        assertThat(problem.get("step").asString()).isEqualTo("b");
        assertThat(problem.get("reason").asString()).contains("answered 500", "exit status 1");
        JsonNode stopped = PipelineApi.json(api.status("fail-resume", runId), 200);
        assertThat(stopped.get("status").asString()).isEqualTo("failed");
        assertThat(stopped.get("stopped_at").asString()).isEqualTo("b");
        assertThat(PipelineDefinitionsIT.texts(stopped.get("steps"), "status"))
                .containsExactly("done", "failed", "pending");
        assertThat(stopped.get("steps").get(1).get("error").asString()).contains("failed on purpose");

        api.redeployStep("fail-b", "--tag b-fixed --log " + calls);
        EntityExchangeResult<byte[]> resumed = api.resume("fail-resume", runId)
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult();

        JsonNode output = PipelineApi.parse(new String(resumed.getResponseBodyContent()));
        assertThat(resumed.getResponseHeaders().getFirst("X-Run-Id")).isEqualTo(runId);
        assertThat(output.get("tag").asString()).isEqualTo("c");
        assertThat(output.get("input").get("tag").asString()).isEqualTo("b-fixed");
        assertThat(output.get("input").get("input").get("tag").asString()).isEqualTo("a");
        assertThat(steps(calls)).containsExactly("a", "b", "b", "c");
        JsonNode done = PipelineApi.json(api.status("fail-resume", runId), 200);
        assertThat(done.get("status").asString()).isEqualTo("succeeded");
        assertThat(done.get("steps").get(1).get("attempts").asInt()).isEqualTo(2);
    }

    @Test
    void recordsAStepWhoseProcessPrintedThenCrashedAsFailed() {
        api.system().remove("fail-half");
        api.system().deploy(TestFunctions.classic("fail-half", "sh " + TestFunctions.script("half_done.sh")));
        api.define("fail-half", "name: fail-half\nsteps: [{id: half, function: fail-half}]\n");

        WebTestClient.ResponseSpec failed = api.run("/pipeline/fail-half", "{}");
        String runId = failed.expectBody(byte[].class)
                .returnResult()
                .getResponseHeaders()
                .getFirst("X-Run-Id");

        JsonNode stopped = PipelineApi.json(api.status("fail-half", runId), 200);
        assertThat(stopped.get("status").asString()).isEqualTo("failed");
        assertThat(stopped.get("stopped_at").asString()).isEqualTo("half");
    }

    @Test
    void answersTheOutputAgainWhenASucceededRunIsResumed() throws IOException {
        api.deployStep("fail-done", "--tag done --log " + calls);
        api.define("fail-done", "name: fail-done\nsteps: [{id: only, function: fail-done}]\n");
        String runId = api.run("/pipeline/fail-done", "{}")
                .expectStatus()
                .isOk()
                .expectBody(byte[].class)
                .returnResult()
                .getResponseHeaders()
                .getFirst("X-Run-Id");

        JsonNode output = PipelineApi.json(api.resume("fail-done", runId), 200);

        assertThat(output.get("tag").asString()).isEqualTo("done");
        assertThat(steps(calls)).containsExactly("only");
    }

    @Test
    void failsAStepThatTakesLongerThanItsTimeout() {
        api.deployStep("fail-slow", "--sleep 5");
        api.define("fail-timeout", """
                name: fail-timeout
                steps:
                  - {id: slow, function: fail-slow, timeout: 500ms}
                """);
        long started = System.nanoTime();

        JsonNode problem = PipelineApi.json(api.run("/pipeline/fail-timeout", "{}"), 502);

        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(4_000);
        assertThat(problem.get("reason").asString())
                .isEqualTo("step slow failed: timeout: PT0.5S (expected: an answer within the step's timeout)");
        JsonNode run = PipelineApi.json(
                api.status("fail-timeout", problem.get("run_id").asString()), 200);
        JsonNode step = run.get("steps").get(0);
        assertThat(step.get("status").asString()).isEqualTo("failed");
        assertThat(step.get("attempts").asInt()).isEqualTo(1);
        assertThat(step.get("error").asString()).startsWith("timeout: PT0.5S");
    }

    @Test
    void retriesAFailingStepUntilItSucceeds() throws IOException {
        api.deployStep("fail-flaky", "--fail-before-attempt 3 --log " + calls);
        api.define("fail-retry", """
                name: fail-retry
                steps:
                  - id: flaky
                    function: fail-flaky
                    retries: {count: 3, backoff: 50ms}
                """);

        EntityExchangeResult<byte[]> result = api.run("/pipeline/fail-retry", "{}")
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult();

        JsonNode output = PipelineApi.parse(new String(result.getResponseBodyContent()));
        assertThat(output.get("attempt").asInt()).isEqualTo(3);
        assertThat(steps(calls)).containsExactly("flaky", "flaky", "flaky");
        String runId = result.getResponseHeaders().getFirst("X-Run-Id");
        JsonNode run = PipelineApi.json(api.status("fail-retry", runId), 200);
        assertThat(run.get("steps").get(0).get("attempts").asInt()).isEqualTo(3);
    }

    @Test
    void stopsAfterTheLastRetry() {
        api.deployStep("fail-always", "--fail");
        api.define("fail-give-up", """
                name: fail-give-up
                steps:
                  - {id: broken, function: fail-always, retries: {count: 2, backoff: 10ms}}
                  - {id: never, function: fail-always, after: broken}
                """);

        JsonNode problem = PipelineApi.json(api.run("/pipeline/fail-give-up", "{}"), 502);

        assertThat(problem.get("reason").asString())
                .startsWith("step broken failed: ")
                .endsWith("(after 3 attempts)");
        JsonNode run = PipelineApi.json(
                api.status("fail-give-up", problem.get("run_id").asString()), 200);
        assertThat(run.get("steps").get(0).get("attempts").asInt()).isEqualTo(3);
        assertThat(run.get("steps").get(1).get("status").asString()).isEqualTo("pending");
    }

    /** The step ids of the calls logged by the step function, in order. */
    private static List<String> steps(Path log) throws IOException {
        return Files.readAllLines(log).stream().map(line -> line.split(" ")[0]).toList();
    }
}
