package dev.edgeway.gateway.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgeway.gateway.auth.BasicAuthCredentials;
import dev.edgeway.gateway.support.GatewayIT;
import dev.edgeway.gateway.support.RawHttp;
import dev.edgeway.gateway.support.SystemApi;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Bodies a careless client sends to {@code /system}: each a 4xx in plain text that says what is wrong. */
@GatewayIT
class BadRequestBodiesIT {

    @Autowired
    WebTestClient client;

    @Autowired
    BasicAuthCredentials credentials;

    @LocalServerPort
    int port;

    SystemApi api;

    @BeforeEach
    void setUp() {
        api = new SystemApi(client, credentials);
    }

    @AfterEach
    void removeFunction() {
        api.remove("badenv");
    }

    @ParameterizedTest
    @CsvSource({
        "POST, /system/functions",
        "PUT, /system/functions",
        "DELETE, /system/functions",
        "POST, /system/scale-function/nobody",
        "POST, /system/secrets",
    })
    void answersAJsonNullBodyWithBadRequest(String method, String path) {
        assertBadRequest(api.send(HttpMethod.valueOf(method), path, "null"), "null (expected: a JSON object)");
    }

    @ParameterizedTest
    @CsvSource({"POST, /system/functions", "PUT, /system/functions", "POST, /system/secrets", "PUT, /system/secrets"})
    void answersABodyOver256KiBWithContentTooLarge(String method, String path) {
        String body = "{\"service\":\"big\",\"image\":\"" + "x".repeat(300 * 1024) + "\"}";
        api.send(HttpMethod.valueOf(method), path, body)
                .expectStatus()
                .isEqualTo(413)
                .expectBody(String.class)
                .value(text -> assertThat(text).contains("expected: at most 262144 bytes"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"service\":\"badenv\",\"image\":\"local\",\"envProcess\":\"cat\",\"envVars\":{\"A=B\":\"v\"}}",
                "{\"service\":\"badenv\",\"image\":\"local\",\"envProcess\":\"cat\",\"envVars\":{\"\":\"v\"}}",
                "{\"service\":\"badenv\",\"image\":\"local\",\"envProcess\":\"cat\",\"envVars\":{\"A\\u0000\":\"v\"}}",
                "{\"service\":\"badenv\",\"image\":\"local\",\"envProcess\":\"cat\",\"envVars\":{\"A\":\"v\\u0000w\"}}",
                "{\"service\":\"badenv\",\"image\":\"local\",\"envProcess\":\"cat\\u0000x\"}",
            })
    void refusesAnEnvironmentNoProcessCanHoldAtDeploy(String deployment) {
        assertBadRequest(api.send(HttpMethod.POST, "/system/functions", deployment), "validation failed: env");
        api.get("/system/function/badenv").expectStatus().isNotFound();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"service\":\"badenv\",\"image\":\"local\",\"envVars\":[\"A\"]}|envVars: wrong type (expected: an object)",
                "{\"service\":{\"a\":1},\"image\":\"local\"}|service: wrong type (expected: a string)",
                "{\"service\":\"badenv\",\"image\":\"local\",\"secrets\":[{}]}|secrets[0]: wrong type (expected: a string)",
                "[1]|body: wrong type (expected: an object)",
                "{\"service\":|malformed JSON",
            })
    void namesTheWrongFieldNeverAJavaClass(String deployment, String message) {
        String text = assertBadRequest(api.send(HttpMethod.POST, "/system/functions", deployment), message);
        assertThat(text).doesNotContain("dev.edgeway", "java.", "Cannot construct");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "\"limits\":{\"memory\":\"12Qi\"}|limits.memory: 12Qi is not a quantity",
                "\"limits\":{\"memory\":\"-1\"}|limits.memory: -1 must be more than 0",
                "\"limits\":{\"cpu\":\"1e99\"}|limits.cpu: 1e99 is more CPUs than any machine has",
                "\"requests\":{\"memory\":\"1e99\"}|requests.memory: 1e99 is more memory than any machine has",
            })
    void refusesAMalformedQuantityNamingTheField(String resources, String message) {
        String deployment = "{\"service\":\"badenv\",\"image\":\"local\",\"envProcess\":\"cat\"," + resources + "}";

        assertBadRequest(api.send(HttpMethod.POST, "/system/functions", deployment), "validation failed: " + message);
        api.get("/system/function/badenv").expectStatus().isNotFound();
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage", ";;;", "application/json; charset=foo"})
    void readsTheBodyWhateverTheContentTypeSays(String contentType) {
        RawHttp.Response response = new RawHttp(port)
                .send(
                        "POST",
                        "/system/scale-function/nobody",
                        Map.of("Authorization", credentials.header(), "Content-Type", contentType),
                        "{\"serviceName\":\"nobody\",\"replicas\":1}".getBytes(StandardCharsets.UTF_8));

        assertThat(response.status()).as(response.text()).isEqualTo(404);
    }

    private static String assertBadRequest(WebTestClient.ResponseSpec response, String message) {
        String text = response.expectStatus()
                .isBadRequest()
                .expectHeader()
                // Byte for byte as Go writes it, as clients comparing strings see it.
                .valueEquals(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(text).contains(message);
        return text;
    }
}
