package dev.edgeway.gateway.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.edgeway.gateway.auth.BasicAuthCredentials;
import dev.edgeway.gateway.support.GatewayIT;
import dev.edgeway.gateway.support.SystemApi;
import dev.edgeway.gateway.support.TestFunctions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

@GatewayIT
class SystemEndpointsIT {

    @Autowired
    WebTestClient client;

    @Autowired
    BasicAuthCredentials credentials;

    SystemApi api;

    @BeforeEach
    void setUp() {
        api = new SystemApi(client, credentials);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"/system/functions", "/system/info", "/system/secrets", "/system/namespaces", "/system/logs"})
    void answersUnauthenticatedSystemCallsLikeOpenFaas(String path) {
        client.get()
                .uri(path)
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .valueEquals("WWW-Authenticate", "Basic realm=\"Restricted\"")
                .expectBody(String.class)
                .isEqualTo("invalid credentials");
        client.get()
                .uri(path)
                .headers(h -> h.setBasicAuth(credentials.user(), "wrong"))
                .exchange()
                .expectStatus()
                .isUnauthorized();
    }

    @Test
    void leavesHealthOpen() {
        client.get()
                .uri("/healthz")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .isEqualTo("OK");
    }

    @ParameterizedTest
    @CsvSource({"/nothing", "/system/nothing", "/function/", "/functions/x"})
    void answersUnknownRoutesWithThePlainTextNotFound(String path) {
        api.get(path).expectStatus().isNotFound().expectBody(String.class).isEqualTo("404 page not found\n");
    }

    @ParameterizedTest
    @CsvSource({"PATCH, /system/functions", "POST, /system/info", "DELETE, /system/namespaces", "POST, /healthz"})
    void answersKnownRoutesWithAnotherMethodWithAnEmpty405(String method, String path) {
        api.send(HttpMethod.valueOf(method), path, "{}")
                .expectStatus()
                .isEqualTo(405)
                .expectBody()
                .isEmpty();
    }

    @Test
    void describesTheGatewayBuildAndProvider() {
        api.get("/system/info")
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.provider.provider")
                .isEqualTo("edgeway-local")
                .jsonPath("$.provider.sandbox")
                .isEqualTo(
                        java.nio.file.Files.isExecutable(java.nio.file.Path.of("/usr/bin/bwrap"))
                                ? "bubblewrap"
                                : "none")
                .jsonPath("$.version.release")
                .isNotEmpty()
                .jsonPath("$.version.sha")
                .value(sha -> assertThat((String) sha).matches("[0-9a-f]{40}"))
                .jsonPath("$.arch")
                .value(arch -> assertThat(arch).isIn("amd64", "arm64"));
    }

    @Test
    void listsNamespacesAndLeavesNamespaceManagementUnimplemented() {
        api.get("/system/namespaces").expectStatus().isOk().expectBody().json("[\"openfaas-fn\"]");
        api.get("/system/namespace/openfaas-fn").expectStatus().isEqualTo(501);
    }

    @Test
    void streamsAFunctionsLogAsNdjsonWithTheWatchdogLines() {
        api.deploy(TestFunctions.classic("logged", "cat"));
        client.post()
                .uri("/function/logged")
                .bodyValue("hello")
                .exchange()
                .expectStatus()
                .isOk();

        // The watchdog writes its "Wrote" line once the response is done, so it may come a moment later.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(String.join("\n", logLines("logged")))
                .contains("\"name\":\"logged\"")
                .contains("Forking fprocess.")
                .containsPattern("Wrote 5 Bytes - Duration: \\d+\\.\\d{6}s"));
        api.remove("logged");
    }

    private List<String> logLines(String name) {
        return api.get("/system/logs?name=" + name + "&tail=10")
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_NDJSON)
                .returnResult(String.class)
                .getResponseBody()
                .collectList()
                .block(Duration.ofSeconds(10));
    }

    @ParameterizedTest
    @CsvSource({"name=logged&tail=abc", "name=logged&since=yesterday", "name=logged&follow=maybe", "tail=1"})
    void refusesUnparseableLogRequestsWith422(String query) {
        api.get("/system/logs?" + query).expectStatus().isEqualTo(422);
    }

    @Test
    void answersLogsOfAnUnknownFunctionWith404() {
        api.get("/system/logs?name=nothing").expectStatus().isNotFound();
    }
}
