package dev.edgeway.sdk.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgeway.sdk.state.StateClient;
import dev.edgeway.sdk.state.TaskMetadata;
import dev.edgeway.sdk.support.PackagedGateway;
import dev.edgeway.sdk.support.SystemApi;
import java.io.File;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Both examples deployed on the packaged gateway's local provider and called three times with
 * one {@code X-Task-ID}, as their users would: the Python data-processing function in classic
 * mode, the Java window-algorithm function in HTTP mode.
 */
class ExamplesIT {

    @RegisterExtension
    static final PackagedGateway gateway = new PackagedGateway();

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Path EXAMPLES =
            Path.of(System.getProperty("edgeway.sdk.examples", "examples")).toAbsolutePath();

    private static SystemApi system;
    private static StateClient state;

    @BeforeAll
    static void deploy() throws Exception {
        system = new SystemApi(gateway);
        state = gateway.stateClient();
        // The credentials reach the functions as OpenFaaS secrets, never in envVars.
        system.putSecret("basic-auth-user", gateway.user());
        system.putSecret("basic-auth-password", gateway.password());
        List<String> secrets = List.of("basic-auth-user", "basic-auth-password");
        system.deploy(
                "data-processing",
                "python3 " + EXAMPLES.resolve("data-processing/handler.py"),
                Map.of("OPENFAAS_GATEWAY_URL", gateway.url(), "combine_output", "false"),
                secrets);
        system.deploy(
                "window-algorithm",
                javaCommand(WindowFunction.class.getName()),
                Map.of("OPENFAAS_GATEWAY_URL", gateway.url(), "mode", "http"),
                secrets);
    }

    @AfterAll
    static void close() throws Exception {
        system.remove("data-processing");
        system.remove("window-algorithm");
        system.close();
        state.close();
    }

    private static JsonNode call(String function, String taskId, String body) throws Exception {
        HttpResponse<String> response = system.invoke(function, taskId, body);
        assertThat(response.statusCode())
                .as("%s %s: %s%n%s", function, body, response.body(), gateway.log())
                .isEqualTo(200);
        return JSON.readTree(response.body());
    }

    @Test
    void dataProcessingRunsItsThreeStepsInClassicMode() throws Exception {
        String taskId = "dp-" + UUID.randomUUID();

        JsonNode started = call(
                "data-processing",
                taskId,
                "{\"step\":\"start\",\"data\":{\"a\":[1,2,3],\"b\":[10,20,30]},\"values\":[2,4,6]}");
        JsonNode processed = call("data-processing", taskId, "{\"step\":\"process\"}");
        JsonNode summary = call("data-processing", taskId, "{\"step\":\"finalize\"}");

        assertThat(started.path("task_id").asString()).isEqualTo(taskId);
        assertThat(started.path("created").asBoolean()).isTrue();
        assertThat(processed
                        .path("result")
                        .path("columns")
                        .path("b")
                        .path("mean")
                        .asDouble())
                .isEqualTo(20.0);
        assertThat(summary.path("status").asString()).isEqualTo("done");
        assertThat(summary.path("summary").path("array").path("sum").asDouble()).isEqualTo(12.0);
        assertThat(summary.path("summary").path("columns").path("a").path("max").asDouble())
                .isEqualTo(3.0);
        TaskMetadata task = state.task(taskId).metadata().orElseThrow();
        assertThat(task.functionName()).isEqualTo("data-processing");
        assertThat(task.status()).isEqualTo("done");
        assertThat(task.variables()).containsExactly("array", "df", "result");
    }

    @Test
    void dataProcessingFailsClearlyWithoutItsEarlierSteps() throws Exception {
        String taskId = "dp-" + UUID.randomUUID();
        state.createTask(taskId, "data-processing");

        HttpResponse<String> response = system.invoke("data-processing", taskId, "{\"step\":\"process\"}");

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).contains("missing intermediate data");
    }

    @Test
    void windowFunctionRunsItsThreeStepsInHttpMode() throws Exception {
        String taskId = "win-" + UUID.randomUUID();

        JsonNode ingested = call("window-algorithm", taskId, "{\"step\":\"ingest\",\"values\":[1,2,3,4,5,6]}");
        JsonNode windowed = call(
                "window-algorithm",
                taskId,
                "{\"step\":\"window\",\"window\":{\"type\":\"tumbling\",\"size\":2},"
                        + "\"aggregations\":[\"mean\",\"max\",\"std\"]}");
        JsonNode summary = call("window-algorithm", taskId, "{\"step\":\"summary\"}");

        assertThat(ingested.path("points").asInt()).isEqualTo(6);
        assertThat(windowed.path("windows").asInt()).isEqualTo(3);
        assertThat(summary.path("points").asInt()).isEqualTo(6);
        assertThat(summary.path("window").path("type").asString()).isEqualTo("tumbling");
        JsonNode windows = summary.path("windows");
        assertThat(windows.size()).isEqualTo(3);
        assertThat(windows.get(0).path("aggregates").path("mean").asDouble()).isEqualTo(1.5);
        assertThat(windows.get(2).path("aggregates").path("max").asDouble()).isEqualTo(6.0);
        assertThat(windows.get(1).path("aggregates").path("std").asDouble()).isEqualTo(0.5);
        TaskMetadata task = state.task(taskId).metadata().orElseThrow();
        assertThat(task.status()).isEqualTo("done");
        assertThat(task.variables()).containsExactly("points", "window_spec", "windows");
    }

    @Test
    void windowFunctionAppendsIngestsAndWindowsBySession() throws Exception {
        String taskId = "win-" + UUID.randomUUID();

        call(
                "window-algorithm",
                taskId,
                "{\"step\":\"ingest\",\"points\":[{\"t\":0,\"value\":1},{\"t\":1,\"value\":3}]}");
        call("window-algorithm", taskId, "{\"step\":\"ingest\",\"points\":[{\"t\":10,\"value\":5}]}");
        call(
                "window-algorithm",
                taskId,
                "{\"step\":\"window\",\"window\":{\"type\":\"session\",\"gap\":2},\"aggregations\":[\"sum\"]}");
        JsonNode summary = call("window-algorithm", taskId, "{\"step\":\"summary\"}");

        assertThat(summary.path("windows").size()).isEqualTo(2);
        assertThat(summary.path("windows").get(0).path("aggregates").path("sum").asDouble())
                .isEqualTo(4.0);
    }

    /** {@code java -cp <SDK classes, example classes, dependencies> main}, with this JVM's java (21+). */
    private static String javaCommand(String mainClass) throws Exception {
        String dependencies = Files.readString(Path.of(System.getProperty("edgeway.sdk.examples-classpath")))
                .strip();
        String classpath = String.join(
                File.pathSeparator,
                System.getProperty("edgeway.sdk.classes"),
                System.getProperty("edgeway.sdk.test-classes"),
                dependencies);
        return Path.of(System.getProperty("java.home"), "bin", "java") + " -Xmx64m -cp " + classpath + " " + mainClass;
    }
}
