package dev.edgeway.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.edgeway.gateway.support.PackagedGateway;
import dev.edgeway.gateway.support.TestFunctions;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A background run whose gateway is killed with SIGKILL in the middle of its second step: the
 * run's message stays unacknowledged in the durable run queue, so the gateway started again on
 * the same data directory (and its nats-server store) takes it once the ack wait is over,
 * resumes it from its first step without an output, and the step that had its output is not
 * called again. The functions count their calls in a log of their own.
 */
class KilledBackgroundRunIT {

    // Unsandboxed: the steps append to a call log outside their private /tmp.
    static final PackagedGateway gateway =
            new PackagedGateway("--edgeway.gateway.local.sandbox=off", "--edgeway.pipelines.run-ack-wait=2s");

    private static final HttpClient http = HttpClient.newHttpClient();

    @AfterAll
    static void stop() throws InterruptedException {
        gateway.close();
    }

    @Test
    void aRunWhoseGatewayWasKilledCompletesAfterARestartWithoutCallingItsFinishedStepsAgain() throws Exception {
        gateway.startFresh();
        Path log = gateway.dataDir().resolve("calls.log");
        deployStep("durable-a", log, "");
        deployStep("durable-b", log, "--sleep-first 30");
        deployStep("durable-c", log, "");
        assertThat(send(authorized("/system/pipelines/durable")
                                .header("Content-Type", "application/yaml")
                                .PUT(BodyPublishers.ofString("""
                                        name: durable
                                        steps:
                                          - id: a
                                            function: durable-a
                                          - id: b
                                            function: durable-b
                                            after: a
                                            timeout: 2m
                                          - id: c
                                            function: durable-c
                                            after: b
                                        """)))
                        .statusCode())
                .isEqualTo(201);

        HttpResponse<String> accepted = send(HttpRequest.newBuilder(gateway.uri("/pipeline/durable?async=true"))
                .POST(BodyPublishers.ofString("{\"frame\":1}")));
        assertThat(accepted.statusCode()).isEqualTo(202);
        String runId = accepted.headers().firstValue("X-Run-Id").orElseThrow();

        await().atMost(Duration.ofSeconds(60)).until(() -> calls(log, "b", runId) == 1);
        gateway.kill();
        gateway.start();

        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> send(authorized("/system/pipelines/durable/runs/" + runId))
                        .body()
                        .contains("\"status\":\"succeeded\""));
        assertThat(calls(log, "a", runId))
                .as("a had its output before the kill")
                .isEqualTo(1);
        assertThat(calls(log, "b", runId))
                .as("b was cut short, then called again")
                .isEqualTo(2);
        assertThat(calls(log, "c", runId)).isEqualTo(1);
    }

    private static void deployStep(String name, Path log, String options) throws Exception {
        String command = "python3 " + TestFunctions.script("pipeline_step.py") + " --log " + log + " " + options;
        String body = TestFunctions.classic(name, command.strip(), "{\"combine_output\":\"false\"}");
        assertThat(send(authorized("/system/functions").POST(BodyPublishers.ofString(body)))
                        .statusCode())
                .isEqualTo(202);
    }

    private static long calls(Path log, String step, String runId) throws IOException {
        if (!Files.exists(log)) {
            return 0;
        }
        List<String> lines = Files.readAllLines(log);
        return lines.stream()
                .filter(line -> line.startsWith(step + " " + runId + " "))
                .count();
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), BodyHandlers.ofString());
    }

    private static HttpRequest.Builder authorized(String path) throws Exception {
        return HttpRequest.newBuilder(gateway.uri(path)).header("Authorization", gateway.authorization());
    }
}
