package dev.edgeway.gateway.scaleout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.edgeway.gateway.support.GatewayNode;
import dev.edgeway.gateway.support.NatsCluster;
import dev.edgeway.gateway.support.TestFunctions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two gateways, each its own Spring application context with its own ports, data directory and
 * local provider, on one nats-server: they behave as one for state, pipeline definitions,
 * pipeline runs, async calls and schedules. Functions are local to each gateway, so every test
 * deploys its function on both, writing to one shared call log.
 */
class TwoGatewaysIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static NatsCluster nats;
    private static GatewayNode first;
    private static GatewayNode second;
    private static Path logs;

    @BeforeAll
    static void start() throws IOException {
        nats = NatsCluster.start(1);
        // Unsandboxed: the functions append to one call log in the test's temporary directory,
        // which a sandboxed function (private /tmp) could not see.
        // A short ack wait: a background run outlives it, so it must be extended to run once.
        first = GatewayNode.start(
                nats.urls(), "edgeway.gateway.local.sandbox=off", "edgeway.pipelines.run-ack-wait=2s");
        second = GatewayNode.start(
                nats.urls(), "edgeway.gateway.local.sandbox=off", "edgeway.pipelines.run-ack-wait=2s");
        logs = Files.createTempDirectory("edgeway-two-gateways");
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable closeable : new AutoCloseable[] {first, second, nats}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void stateWrittenThroughOneIsReadThroughTheOther() {
        assertThat(first.json("POST", "/system/storage/tasks", "{\"task_id\":\"shared\",\"function_name\":\"f\"}")
                        .statusCode())
                .isEqualTo(201);
        assertThat(first.json("PUT", "/system/storage/variables/shared/x", "{\"value\":{\"n\":42}}")
                        .statusCode())
                .isEqualTo(201);

        HttpResponse<String> read = second.get("/system/storage/variables/shared/x");
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.body()).contains("\"n\":42");
    }

    @Test
    void aPipelineDefinedOnOneIsListedByTheOther() {
        deployStepOnBoth("listed-step", "");
        assertThat(first.send("PUT", "/system/pipelines/listed", "application/yaml", pipeline("listed", "listed-step"))
                        .statusCode())
                .isBetween(200, 201);

        HttpResponse<String> list = second.get("/system/pipelines");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains("\"listed\"");
    }

    @Test
    void aPipelineReplacedOrDeletedOnOneIsRunAsSuchByBoth() {
        deployStepOnBoth("swap-a", "--tag a");
        deployStepOnBoth("swap-b", "--tag b");
        first.send("PUT", "/system/pipelines/swap", "application/yaml", pipeline("swap", "swap-a"));
        // The second's first runs read the store and start its watch of the definitions.
        await().atMost(WAIT).until(() -> "a".equals(tagOfRun(second)));

        first.send("PUT", "/system/pipelines/swap", "application/yaml", pipeline("swap", "swap-b"));
        // The gateway that wrote it runs the new definition at once, the other once its watch has told it.
        assertThat(tagOfRun(first)).isEqualTo("b");
        await().atMost(WAIT).until(() -> "b".equals(tagOfRun(second)));

        assertThat(first.send("DELETE", "/system/pipelines/swap", null, null).statusCode())
                .isEqualTo(204);
        assertThat(first.json("POST", "/pipeline/swap", "{}").statusCode()).isEqualTo(404);
        await().atMost(WAIT)
                .until(() -> second.json("POST", "/pipeline/swap", "{}").statusCode() == 404);
    }

    private static String tagOfRun(GatewayNode gateway) {
        HttpResponse<String> run = gateway.json("POST", "/pipeline/swap", "{}");
        assertThat(run.statusCode()).as(run.body()).isEqualTo(200);
        return JSON.readTree(run.body()).path("tag").asString();
    }

    @Test
    void aBackgroundRunIsExecutedByOneGatewayOnlyEvenWhenItOutlivesTheAckWait() throws IOException {
        Path log = logs.resolve("run.log");
        // 5 s against an ack wait of 2 s: unless its gateway extends it, the queue hands the
        // run to the other gateway, which would resume it and call the step a second time.
        deployStepOnBoth("once-step", "--sleep 5 --log " + log);
        first.send("PUT", "/system/pipelines/once", "application/yaml", pipeline("once", "once-step"));

        HttpResponse<String> accepted = first.json("POST", "/pipeline/once?async=true", "{\"frame\":1}");
        assertThat(accepted.statusCode()).isEqualTo(202);
        String runId = accepted.headers().firstValue("X-Run-Id").orElseThrow();

        await().atMost(WAIT).until(() -> second.get("/system/pipelines/once/runs/" + runId)
                .body()
                .contains("\"status\":\"succeeded\""));
        assertThat(lines(log))
                .filteredOn(line -> line.startsWith("step " + runId + " "))
                .hasSize(1);
    }

    @Test
    void aRunFailedOnOneGatewayIsResumedOnTheOtherFromItsFailedStep() throws IOException {
        Path log = logs.resolve("resume.log");
        // The second step fails on the first gateway only: each gateway runs its own copy of it.
        for (GatewayNode gateway : List.of(first, second)) {
            deployStep(gateway, "resume-a", "--log " + log);
        }
        deployStep(first, "resume-b", "--log " + log + " --fail");
        deployStep(second, "resume-b", "--log " + log);
        first.send("PUT", "/system/pipelines/resume", "application/yaml", """
                name: resume
                steps:
                  - id: a
                    function: resume-a
                  - id: b
                    function: resume-b
                    after: [a]
                """);

        HttpResponse<String> failed = first.json("POST", "/pipeline/resume", "{}");
        String runId = failed.headers().firstValue("X-Run-Id").orElseThrow();
        assertThat(first.get("/system/pipelines/resume/runs/" + runId).body()).contains("\"status\":\"failed\"");

        HttpResponse<String> resumed =
                second.send("POST", "/system/pipelines/resume/runs/" + runId + "/resume", null, null);
        assertThat(resumed.statusCode()).as(resumed.body()).isEqualTo(200);
        assertThat(second.get("/system/pipelines/resume/runs/" + runId).body()).contains("\"status\":\"succeeded\"");
        assertThat(lines(log))
                .as("the first step, not called again")
                .filteredOn(line -> line.startsWith("a "))
                .hasSize(1);
    }

    @Test
    void anAsyncCallIsExecutedOnce() throws IOException {
        Path log = logs.resolve("async.log");
        deployStepOnBoth("async-once", "--log " + log);
        List<String> callIds = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            HttpResponse<String> accepted = first.json("POST", "/async-function/async-once", "{}");
            assertThat(accepted.statusCode()).isEqualTo(202);
            callIds.add(accepted.headers().firstValue("X-Call-Id").orElseThrow());
        }

        for (String callId : callIds) {
            await().atMost(WAIT)
                    .until(() ->
                            second.get("/system/async/calls/" + callId).body().contains("\"state\":\"succeeded\""));
        }
        assertThat(lines(log)).hasSize(4);
    }

    @Test
    void aScheduleTicksOnceAcrossBothGateways() throws IOException {
        Path log = logs.resolve("ticks.log");
        Instant deployed = Instant.now();
        for (GatewayNode gateway : List.of(first, second)) {
            gateway.json("POST", "/system/functions", """
                    {"service":"every-second","image":"local","envProcess":"python3 %s --log %s",
                     "envVars":{"combine_output":"false"},
                     "annotations":{"topic":"cron-function","schedule":"* * * * * *"}}""".formatted(TestFunctions.script("pipeline_step.py"), log));
        }
        await().atMost(WAIT).until(() -> lines(log).size() >= 5);
        int calls = lines(log).size();
        // Read after the calls: the ledger counts a tick as fired when it is claimed, before the call.
        long fired = fired(second, "every-second");
        long ticks = Duration.between(deployed, Instant.now()).toSeconds() + 1;
        for (GatewayNode gateway : List.of(first, second)) {
            gateway.json("DELETE", "/system/functions", "{\"functionName\":\"every-second\"}");
        }

        // A call made by a gateway that did not claim its tick would be one more call than the
        // shared ledger's count; every tick claimed twice would exceed the ticks there were.
        assertThat((long) calls).isLessThanOrEqualTo(fired);
        assertThat(fired).isLessThanOrEqualTo(ticks);
    }

    /** How many ticks of a function's schedule the shared ledger says have fired, from {@code /system/schedules}. */
    private static long fired(GatewayNode gateway, String function) {
        HttpResponse<String> schedules = gateway.get("/system/schedules");
        assertThat(schedules.statusCode()).as(schedules.body()).isEqualTo(200);
        for (JsonNode schedule : JSON.readTree(schedules.body())) {
            if (function.equals(schedule.path("function").asString())) {
                return schedule.path("fired").asLong();
            }
        }
        throw new AssertionError("no schedule of " + function + " in " + schedules.body());
    }

    private static void deployStepOnBoth(String function, String options) {
        deployStep(first, function, options);
        deployStep(second, function, options);
    }

    private static void deployStep(GatewayNode gateway, String function, String options) {
        String command = ("python3 " + TestFunctions.script("pipeline_step.py") + " " + options).trim();
        HttpResponse<String> deployed = gateway.json(
                "POST",
                "/system/functions",
                TestFunctions.classic(function, command, "{\"combine_output\":\"false\"}"));
        assertThat(deployed.statusCode()).as(deployed.body()).isEqualTo(202);
    }

    private static String pipeline(String name, String function) {
        return """
                name: %s
                steps:
                  - id: step
                    function: %s
                """.formatted(name, function);
    }

    private static List<String> lines(Path log) {
        try {
            return Files.exists(log) ? Files.readAllLines(log) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
