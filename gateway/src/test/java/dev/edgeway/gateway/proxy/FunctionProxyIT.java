package dev.edgeway.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgeway.gateway.auth.BasicAuthCredentials;
import dev.edgeway.gateway.support.GatewayIT;
import dev.edgeway.gateway.support.SystemApi;
import dev.edgeway.gateway.support.TestFunctions;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The {@code /function} proxy against a real HTTP-mode function (the echo server). */
@GatewayIT
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FunctionProxyIT {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {};

    @Autowired
    WebTestClient client;

    @Autowired
    BasicAuthCredentials credentials;

    @LocalServerPort
    int port;

    SystemApi api;

    @BeforeAll
    void deployEcho() {
        api = new SystemApi(client, credentials);
        api.deploy(TestFunctions.echoServer("echo", ""));
    }

    @AfterAll
    void removeEcho() {
        api.remove("echo");
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
    void forwardsEveryMethodWithSubPathAndRawQuery(String method) {
        Map<String, Object> echo = client.method(HttpMethod.valueOf(method))
                // Already encoded: sent as is, not encoded again by a URI template.
                .uri(base -> URI.create(base.build() + "/function/echo.openfaas-fn/a/b%20c?x=1&y=%2F"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JSON)
                .returnResult()
                .getResponseBody();

        assertThat(echo)
                .containsEntry("method", method)
                .containsEntry("path", "/a/b%20c")
                .containsEntry("query", "x=1&y=%2F");
    }

    @Test
    void callsTheFunctionAtTheRootWithoutASubPath() {
        assertThat(echo(client.get().uri("/function/echo"))).containsEntry("path", "/");
    }

    @Test
    void generatesACallIdOnlyWhenAbsentAndEchoesOnlyAGeneratedOne() {
        var generated =
                client.get().uri("/function/echo").exchange().expectStatus().isOk();
        String callId = generated
                .expectBody(String.class)
                .returnResult()
                .getResponseHeaders()
                .getFirst("X-Call-Id");
        assertThat(callId).matches("[0-9a-f-]{36}");

        client.get()
                .uri("/function/echo")
                .header("X-Call-Id", "mine")
                .exchange()
                .expectHeader()
                .doesNotExist("X-Call-Id")
                .expectHeader()
                .valueMatches("X-Start-Time", "\\d{19}")
                .expectHeader()
                .valueMatches("X-Served-By", "edgeway/.+");
    }

    @SuppressWarnings("unchecked")
    @Test
    void setsForwardingHeadersAndStripsHopByHopOnes() {
        Map<String, Object> echo = echo(client.post()
                .uri("/function/echo")
                .header("X-Call-Id", "call-1")
                .header("Authorization", "Bearer for-the-function")
                .header("Proxy-Authorization", "Basic secret")
                .header("Keep-Alive", "timeout=5")
                .header("Upgrade", "h2c")
                .header("TE", "trailers")
                .header("X-Custom", "kept")
                .bodyValue("data"));
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.putAll((Map<String, String>) echo.get("headers"));

        assertThat(headers)
                .containsEntry("X-Call-Id", "call-1")
                .containsEntry("Authorization", "Bearer for-the-function")
                .containsEntry("X-Custom", "kept")
                .containsKeys("X-Start-Time", "X-Forwarded-Host", "X-Forwarded-For")
                .doesNotContainKeys("Proxy-Authorization", "Keep-Alive", "Upgrade", "TE");
        assertThat(headers.get("X-Forwarded-For")).matches("127\\.0\\.0\\.1:\\d+");
        assertThat(headers.get("User-Agent")).isNotEmpty();
        assertThat(echo).containsEntry("body_bytes", 4);
    }

    @Test
    void passesRedirectsThroughWithoutFollowingThem() {
        client.get()
                .uri("/function/echo/redirect")
                .exchange()
                .expectStatus()
                .isFound()
                .expectHeader()
                .valueEquals("Location", "/elsewhere");
    }

    @Test
    void passesFunctionErrorsThroughUnchanged() {
        client.get()
                .uri("/function/echo/status/418")
                .exchange()
                .expectStatus()
                .isEqualTo(418)
                .expectBody(String.class)
                .isEqualTo("status");
    }

    @Test
    void flushesEventStreamsPerEvent() {
        var events = client.get()
                .uri("/function/echo/sse?n=3&gap=1")
                .header("Accept", "text/event-stream")
                .exchange()
                .expectStatus()
                .isOk()
                .returnResult(String.class)
                .getResponseBody()
                .elapsed()
                .collectList()
                .block(Duration.ofSeconds(20));

        assertThat(events).extracting(e -> e.getT2()).containsExactly("event-0", "event-1", "event-2");
        // Flushed per event: each event arrives about a second after the previous one,
        // not all together at the end of the stream.
        assertThat(events.get(1).getT1()).isGreaterThan(500);
        assertThat(events.get(2).getT1()).isGreaterThan(500);
    }

    @Test
    void answersAnUpstreamTimeoutWithAnEmpty502() {
        client.get()
                .uri("/function/echo/sleep?s=6")
                .exchange()
                .expectStatus()
                .isEqualTo(502)
                .expectBody()
                .isEmpty();
    }

    @Test
    void answersUnknownFunctionsWith404AndBadNamesWith400() {
        client.get()
                .uri("/function/nothing")
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectBody(String.class)
                .value(text -> assertThat(text).startsWith("error finding function nothing.openfaas-fn"));
        client.get().uri("/function/Bad_Name").exchange().expectStatus().isBadRequest();
        client.get().uri("/function/echo.other").exchange().expectStatus().isNotFound();
    }

    @Test
    void refusesOversizedHeaders() {
        client.get()
                .uri("/function/echo")
                .header("X-Big", "x".repeat(64 * 1024))
                .exchange()
                .expectStatus()
                .isEqualTo(431);
    }

    private Map<String, Object> echo(WebTestClient.RequestHeadersSpec<?> request) {
        return request.exchange()
                .expectStatus()
                .isOk()
                .expectBody(JSON)
                .returnResult()
                .getResponseBody();
    }
}
