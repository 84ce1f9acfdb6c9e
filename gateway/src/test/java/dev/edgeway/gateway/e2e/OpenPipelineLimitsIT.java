package dev.edgeway.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.edgeway.gateway.support.PackagedGateway;
import dev.edgeway.gateway.support.TestFunctions;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What anyone may make the packaged gateway (default heap) hold through the open
 * {@code /pipeline/*} endpoint, and definitions larger than NATS takes in one message.
 */
class OpenPipelineLimitsIT {

    @RegisterExtension
    static final PackagedGateway gateway = new PackagedGateway(
            List.of("-XX:+UseSerialGC", "-Xmx192m"),
            "--edgeway.pipelines.max-definition-size=8MB",
            "--edgeway.pipelines.run-retention=1h");

    private static final int INPUT_SIZE = 15 * 1024 * 1024;
    /** Shared by every client: the bytes do not matter, only their number. */
    private static final byte[] LARGE_INPUT = new byte[INPUT_SIZE];

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void deployACatPipeline() throws Exception {
        String cat = TestFunctions.classic("cat", "cat", "{\"combine_output\":\"false\"}");
        assertThat(send(authorized("/system/functions").POST(BodyPublishers.ofString(cat)))
                        .statusCode())
                .isEqualTo(202);
        String pipeline = "name: cat\nsteps:\n  - id: copy\n    function: cat\n";
        assertThat(send(authorized("/system/pipelines/cat")
                                .header("Content-Type", "application/yaml")
                                .PUT(BodyPublishers.ofString(pipeline)))
                        .statusCode())
                .isEqualTo(201);
    }

    @Test
    void aDefinitionLargerThanANatsMessageAnswers413() throws Exception {
        String padded = "name: big\n# " + "x".repeat(2 * 1024 * 1024) + "\nsteps:\n  - id: a\n    function: cat\n";
        HttpResponse<String> response = send(authorized("/system/pipelines/big")
                .header("Content-Type", "application/yaml")
                .PUT(BodyPublishers.ofString(padded)));

        assertThat(response.statusCode()).isEqualTo(413);
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("type").asString()).endsWith("/payload-too-large");
        assertThat(problem.get("max_size").asLong()).isPositive().isLessThan(1024 * 1024);
    }

    @Test
    void aFlatDefinitionOfTenToTheFiveStepsAnswersItsLimit() throws Exception {
        String steps = IntStream.range(0, 100_000)
                .mapToObj(i -> "{\"id\":\"s" + i + "\",\"function\":\"cat\"}")
                .collect(Collectors.joining(","));
        HttpResponse<String> response = send(authorized("/system/pipelines/flat")
                .header("Content-Type", "application/json")
                .PUT(BodyPublishers.ofString("{\"name\":\"flat\",\"steps\":[" + steps + "]}")));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("/payload-too-large");
    }

    @Test
    void whatARunStoresExpiresAfterTheRunRetention() throws Exception {
        HttpResponse<String> run = send(open("/pipeline/cat").POST(BodyPublishers.ofString("{\"frame\":1}")));
        assertThat(run.statusCode()).isEqualTo(200);
        String runId = run.headers().firstValue("X-Run-Id").orElseThrow();

        for (String variable : List.of("_input", "copy", "_run")) {
            JsonNode stored = JSON.readTree(send(authorized("/system/storage/variables/" + runId + "/" + variable)
                            .GET())
                    .body());
            Instant written = Instant.parse(stored.get("timestamp").asString());
            assertThat(stored.has("expires_at")).as(variable).isTrue();
            assertThat(Duration.between(
                            written, Instant.parse(stored.get("expires_at").asString())))
                    .as(variable)
                    .isEqualTo(Duration.ofHours(1));
        }
    }

    @Test
    void concurrentLargeInputsAreAdmittedAsTheHeapHoldsThem() throws Exception {
        List<Answer> answers;
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<CompletableFuture<Answer>> all = IntStream.range(0, 24)
                    .mapToObj(i -> CompletableFuture.supplyAsync(OpenPipelineLimitsIT::runOnLargeInput, clients))
                    .toList();
            answers = all.stream().map(CompletableFuture::join).toList();
        }

        assertThat(answers).allSatisfy(answer -> {
            assertThat(answer.status()).as(answer.body()).isIn(200, 503);
            assertThat(answer.body()).doesNotContain("heap space").doesNotContain("OutOfMemory");
            if (answer.status() == 503) {
                assertThat(answer.retryAfter()).isPresent();
                assertThat(answer.body()).contains("/server-busy");
            } else {
                assertThat(answer.body()).isEqualTo(INPUT_SIZE + " bytes");
            }
        });
        assertThat(answers).anySatisfy(answer -> assertThat(answer.status()).isEqualTo(200));
        assertThat(gateway.log()).doesNotContain("OutOfMemoryError");
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(send(open("/pipeline/cat").POST(BodyPublishers.ofString("after")))
                                .statusCode())
                        .isEqualTo(200));
    }

    /** A run's answer; the body of a 200 is only counted, as {@code "<n> bytes"}. */
    private record Answer(int status, Optional<String> retryAfter, String body) {}

    private static Answer runOnLargeInput() {
        try {
            HttpResponse<InputStream> response = http.send(
                    open("/pipeline/cat")
                            .header("Content-Type", "application/octet-stream")
                            .POST(BodyPublishers.ofByteArray(LARGE_INPUT))
                            .build(),
                    BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                String body = response.statusCode() == 200
                        ? in.transferTo(OutputStream.nullOutputStream()) + " bytes"
                        : new String(in.readAllBytes(), StandardCharsets.UTF_8);
                return new Answer(response.statusCode(), response.headers().firstValue("Retry-After"), body);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), BodyHandlers.ofString());
    }

    private static HttpRequest.Builder open(String path) {
        return HttpRequest.newBuilder(gateway.uri(path)).timeout(Duration.ofMinutes(3));
    }

    private static HttpRequest.Builder authorized(String path) throws Exception {
        return open(path).header("Authorization", gateway.authorization());
    }
}
