package dev.edgeway.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgeway.gateway.auth.BasicAuthCredentials;
import dev.edgeway.gateway.support.GatewayIT;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The same conditions (404, 400, 401, 405, 415) on every route group, each answered in its
 * group's dialect (docs/errors.md): problem JSON with {@code application/problem+json} on
 * Edgeway's own APIs, OpenFaaS's plain text elsewhere, and never Spring Boot's JSON error page.
 */
@GatewayIT
class ErrorDialectsIT {

    private static final String PROBLEM_JSON = "application/problem+json";
    private static final String PLAIN_TEXT = "text/plain; charset=utf-8";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A request and the answer expected: its status and, for problem JSON, the type's start. */
    private record Case(String method, String path, boolean authorized, String contentType, String body, int status) {

        static Case get(String path, int status) {
            return new Case("GET", path, true, null, "", status);
        }

        static Case anonymous(String method, String path, int status) {
            return new Case(method, path, false, null, "", status);
        }

        static Case send(String method, String path, String contentType, String body, int status) {
            return new Case(method, path, true, contentType, body, status);
        }

        @Override
        public String toString() {
            return method + " " + path + (authorized ? "" : " (no credentials)") + " -> " + status;
        }
    }

    @Autowired
    BasicAuthCredentials credentials;

    @LocalServerPort
    int port;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @TestFactory
    Stream<DynamicTest> ownApisAnswerProblemJson() {
        return Stream.of(
                        // the state API
                        Case.get("/system/storage/nope", 404),
                        Case.send("POST", "/system/storage/tasks", "application/json", "{", 400),
                        Case.anonymous("GET", "/system/storage/tasks/t1", 401),
                        Case.send("PUT", "/system/storage/tasks", "application/json", "{}", 405),
                        Case.send("POST", "/system/storage/tasks", "application/xml", "<task/>", 415),
                        Case.anonymous("GET", "/system/storage;x/tasks/t1", 400),
                        // pipeline definitions
                        Case.get("/system/pipelines/a/b/c/d/e", 404),
                        Case.get("/system/pipelines/Bad_Name", 400),
                        Case.anonymous("GET", "/system/pipelines", 401),
                        Case.send("PATCH", "/system/pipelines/some-name", "application/json", "{}", 405),
                        Case.send("PUT", "/system/pipelines/some-name", "application/xml", "<pipeline/>", 415),
                        Case.anonymous("GET", "/system/pipelines;x/some-name", 400),
                        // pipeline runs
                        Case.send("POST", "/pipeline/no-such-pipeline", "application/json", "{}", 404),
                        Case.anonymous("GET", "/pipeline/some-name/sub/path", 404),
                        Case.send("POST", "/pipeline/Bad_Name", "application/json", "{}", 400),
                        Case.anonymous("GET", "/pipeline/some-name", 405),
                        Case.anonymous("POST", "/pipeline;x/some-name", 400),
                        // async calls and dead letters
                        Case.get("/system/async/nope", 404),
                        Case.get("/system/async/calls/never-seen", 404),
                        Case.get("/system/async/dead-letters?limit=0", 400),
                        Case.anonymous("GET", "/system/async/dead-letters", 401),
                        Case.send("DELETE", "/system/async/dead-letters", null, "", 405),
                        Case.anonymous("GET", "/system/async;x/calls/c1", 400),
                        // the Kafka trigger's operations (off in this gateway: its routes say so)
                        Case.get("/system/kafka", 404),
                        Case.get("/system/kafka/nope", 404),
                        Case.get("/system/kafka/dead-letters", 404),
                        Case.anonymous("GET", "/system/kafka", 401),
                        Case.anonymous("POST", "/system/kafka/dead-letters/replay", 401),
                        Case.send("DELETE", "/system/kafka", null, "", 405),
                        Case.get("/system/kafka/dead-letters/replay", 405),
                        Case.send("POST", "/system/kafka/dead-letters/replay?topic=orders", null, "", 404))
                .map(c -> DynamicTest.dynamicTest(c.toString(), () -> {
                    HttpResponse<String> answer = send(c);
                    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(c.status());
                    assertThat(answer.headers().firstValue("Content-Type")).hasValue(PROBLEM_JSON);
                    JsonNode problem = JSON.readTree(answer.body());
                    assertThat(problem.get("status").asInt()).isEqualTo(c.status());
                    assertThat(problem.get("type").asString()).startsWith("https://edgeway.dev/problems/");
                    assertThat(problem.get("title").asString()).isNotEmpty();
                    assertThat(problem.get("detail").asString()).isNotEmpty();
                    assertThat(problem.get("instance").asString())
                            .isEqualTo(URI.create(c.path()).getRawPath());
                }));
    }

    @TestFactory
    Stream<DynamicTest> openFaasRoutesAnswerPlainText() {
        return Stream.of(
                        Case.get("/system/nope", 404),
                        Case.get("/system/storagex", 404),
                        Case.get("/system/pipelinesx/x", 404),
                        Case.get("/nope", 404),
                        Case.get("/system/function/no-such-function", 404),
                        Case.send("POST", "/async-function/no-such-function", "text/plain", "x", 404),
                        Case.get("/function/no-such-function", 404),
                        Case.send("POST", "/system/functions", "application/json", "{", 400),
                        Case.anonymous("GET", "/system;x/functions", 400),
                        Case.anonymous("GET", "/system/storagex;x/tasks", 400),
                        Case.anonymous("GET", "/system/functions", 401),
                        Case.anonymous("GET", "/system/async-x", 404),
                        Case.anonymous("GET", "/system/kafkax", 404))
                .map(c -> DynamicTest.dynamicTest(c.toString(), () -> {
                    HttpResponse<String> answer = send(c);
                    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(c.status());
                    assertThat(answer.headers().firstValue("Content-Type")).hasValue(PLAIN_TEXT);
                    assertThat(answer.body()).isNotEmpty().doesNotStartWith("{");
                }));
    }

    /** OpenFaaS answers a known path with another method with an empty 405, no body to type. */
    @TestFactory
    Stream<DynamicTest> openFaasRoutesAnswerAnotherMethodWithAnEmpty405() {
        return Stream.of(
                        Case.send("PATCH", "/system/functions", "application/json", "{}", 405),
                        Case.get("/async-function/some-function", 405),
                        Case.send("POST", "/healthz", "application/json", "{}", 405))
                .map(c -> DynamicTest.dynamicTest(c.toString(), () -> {
                    HttpResponse<String> answer = send(c);
                    assertThat(answer.statusCode()).isEqualTo(405);
                    assertThat(answer.headers().firstValue("Content-Type")).isEmpty();
                    assertThat(answer.body()).isEmpty();
                }));
    }

    private HttpResponse<String> send(Case c) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + c.path()))
                .timeout(Duration.ofSeconds(30))
                .method(c.method(), HttpRequest.BodyPublishers.ofString(c.body()));
        if (c.authorized()) {
            request.header("Authorization", credentials.header());
        }
        if (c.contentType() != null) {
            request.header("Content-Type", c.contentType());
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
