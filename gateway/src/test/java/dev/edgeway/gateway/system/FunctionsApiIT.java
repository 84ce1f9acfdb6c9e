package dev.edgeway.gateway.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.edgeway.gateway.auth.BasicAuthCredentials;
import dev.edgeway.gateway.support.GatewayIT;
import dev.edgeway.gateway.support.SystemApi;
import dev.edgeway.gateway.support.TestFunctions;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.reactive.server.WebTestClient;

@GatewayIT
class FunctionsApiIT {

    @Autowired
    WebTestClient client;

    @Autowired
    BasicAuthCredentials credentials;

    SystemApi api;

    @BeforeEach
    void setUp() {
        api = new SystemApi(client, credentials);
    }

    @AfterEach
    void removeFunctions() {
        api.remove("golden");
        api.remove("full");
    }

    @Test
    void deploysTheWayFaasCliDoesPutThenPostOn404() {
        String body = """
                {"service":"golden","image":"ghcr.io/openfaas/alpine:latest","envProcess":"cat",
                 "labels":{"team":"edge"},"annotations":null}""";
        api.send(HttpMethod.PUT, "/system/functions", body).expectStatus().isNotFound();
        api.send(HttpMethod.POST, "/system/functions", body).expectStatus().isAccepted();
        api.send(HttpMethod.PUT, "/system/functions", body).expectStatus().isAccepted();

        api.get("/system/function/golden")
                .expectStatus()
                .isOk()
                .expectBody()
                .json(withCreatedAt("classic-status.json", statusOf("golden")), JsonCompareMode.STRICT);
    }

    @Test
    void showsEveryDeployedFieldWithOpenFaasNamesAndOmissions() {
        api.send(HttpMethod.POST, "/system/secrets", "{\"name\":\"full-key\",\"value\":\"v\"}")
                .expectStatus()
                .isAccepted();
        api.deploy("""
                {"service":"full","image":"ghcr.io/example/full:2","envProcess":"cat",
                 "envVars":{"content_type":"text/plain"},"constraints":["node=edge"],"secrets":["full-key"],
                 "annotations":{"topic":"a,b"},"limits":{"memory":"128M","cpu":"100m"},
                 "requests":{"memory":"5Mi"},"readOnlyRootFilesystem":true,"registryAuth":"ignored"}""");

        api.get("/system/function/full")
                .expectBody()
                .json(withCreatedAt("full-status.json", statusOf("full")), JsonCompareMode.STRICT);
        api.send(HttpMethod.DELETE, "/system/secrets", "{\"name\":\"full-key\"}");
    }

    @Test
    void showsWhatTheCgroupsMeasuredAsEdgewayFieldsBesideTheOpenFaasOnes() {
        String info =
                api.get("/system/info").expectBody(String.class).returnResult().getResponseBody();
        assumeTrue(info != null && info.contains("\"limits\":\"cgroup"), "no cgroups on this machine: " + info);
        api.deploy(TestFunctions.classic("golden", "cat"));
        client.post()
                .uri("/function/golden")
                .bodyValue("x")
                .exchange()
                .expectStatus()
                .isOk();

        api.get("/system/function/golden")
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.edgewayUsage.scope")
                .isEqualTo("call")
                .jsonPath("$.edgewayUsage.measured")
                .isEqualTo(1)
                .jsonPath("$.edgewayUsage.limits")
                .value(limits -> assertThat(limits.toString()).startsWith("cgroup-v"))
                .jsonPath("$.edgewayUsage.maxMemoryPeakBytes")
                .value(peak -> assertThat(((Number) peak).longValue()).isPositive())
                .jsonPath("$.replicas")
                .isEqualTo(1)
                .jsonPath("$.envProcess")
                .isEqualTo("cat");
    }

    @Test
    void scalingToZeroOmitsTheReplicaCounts() {
        api.deploy("""
                {"service":"golden","image":"ghcr.io/openfaas/alpine:latest","envProcess":"cat","labels":{"team":"edge"}}""");
        api.send(HttpMethod.POST, "/system/scale-function/golden", "{\"serviceName\":\"golden\",\"replicas\":0}")
                .expectStatus()
                .isAccepted();

        api.get("/system/function/golden")
                .expectBody()
                .json(withCreatedAt("scaled-to-zero-status.json", statusOf("golden")), JsonCompareMode.STRICT);
    }

    @Test
    void acceptsGoStyleKeysCaseInsensitively() {
        api.deploy("""
                {"Service":"golden","Image":"img","EnvProcess":"cat"}""");
        api.get("/system/function/golden")
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.image")
                .isEqualTo("img");
    }

    @Test
    void listsFunctionsWithTheirInvocationCount() {
        api.deploy(TestFunctions.classic("golden", "cat"));
        client.post()
                .uri("/function/golden")
                .bodyValue("x")
                .exchange()
                .expectStatus()
                .isOk();
        client.post()
                .uri("/function/golden.openfaas-fn")
                .bodyValue("x")
                .exchange()
                .expectStatus()
                .isOk();

        // A call is counted once its response has been written, a moment after the client has it.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> api.get("/system/functions")
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$[?(@.name=='golden')].invocationCount")
                .isEqualTo(2.0));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {"service":"Bad_Name","image":"i","envProcess":"cat"}       | validation failed: service: (Bad_Name) is invalid, must be a valid DNS entry
            {"image":"i","envProcess":"cat"}                            | validation failed: service: is required
            {"service":"golden","image":"i"}                            | envProcess
            {"service":"golden","image":"i","envProcess":"cat","namespace":"other"} | namespace
            {"service":"golden","image":"i","envProcess":"cat","labels":"x"} | Unable to parse request body
            {"service":"golden"                                         | Unable to parse request body
            [1,2]                                                       | Unable to parse request body
            {"service":"golden","image":"i","envProcess":"cat","secrets":["missing"]} | unable to find secret: missing
            """)
    void refusesBadDeploymentsWithAPlainTextReason(String body, String reason) {
        String text = api.send(HttpMethod.POST, "/system/functions", body)
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                // Byte for byte as Go writes it, as clients comparing strings see it.
                .valueEquals(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(text).contains(reason);
        api.get("/system/function/golden").expectStatus().isNotFound();
    }

    @Test
    void refusesAnEmptyBody() {
        client.post()
                .uri("/system/functions")
                .header("Authorization", credentials.header())
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody(String.class)
                .isEqualTo("A body is required for this endpoint");
    }

    @Test
    void refusesADuplicateDeployAndUnknownRemovals() {
        api.deploy(TestFunctions.classic("golden", "cat"));
        api.send(HttpMethod.POST, "/system/functions", TestFunctions.classic("golden", "cat"))
                .expectStatus()
                .isEqualTo(409);
        api.send(HttpMethod.DELETE, "/system/functions", "{\"functionName\":\"nothing\"}")
                .expectStatus()
                .isNotFound();
        api.send(HttpMethod.DELETE, "/system/functions", "{}").expectStatus().isBadRequest();
        api.send(HttpMethod.DELETE, "/system/functions?namespace=openfaas-fn", "{\"functionName\":\"golden\"}")
                .expectStatus()
                .isAccepted();
        api.get("/system/function/golden").expectStatus().isNotFound();
    }

    @Test
    void boundsManualScalingByTheMaxLabel() {
        api.deploy("""
                {"service":"golden","image":"i","envProcess":"cat","labels":{"com.openfaas.scale.max":"3"}}""");
        api.send(HttpMethod.POST, "/system/scale-function/golden", "{\"replicas\":4}")
                .expectStatus()
                .isBadRequest()
                .expectBody(String.class)
                .value(text -> assertThat(text).contains("replicas: 4 (expected: 0..3"));
        api.send(HttpMethod.POST, "/system/scale-function/golden", "{\"replicas\":-1}")
                .expectStatus()
                .isBadRequest();
        api.send(HttpMethod.POST, "/system/scale-function/golden", "{\"replicas\":3,\"namespace\":\"openfaas-fn\"}")
                .expectStatus()
                .isAccepted();
        api.get("/system/function/golden").expectBody().jsonPath("$.replicas").isEqualTo(3);
        api.send(HttpMethod.POST, "/system/scale-function/nothing", "{\"replicas\":1}")
                .expectStatus()
                .isNotFound();
    }

    private String statusOf(String name) {
        return api.get("/system/function/" + name)
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
    }

    /** The golden file with the function's real {@code createdAt}, which must be a valid RFC 3339 time. */
    private static String withCreatedAt(String golden, String actual) {
        String createdAt = actual.replaceAll("(?s).*\"createdAt\":\"([^\"]+)\".*", "$1");
        assertThat(java.time.Instant.parse(createdAt)).isAfter(java.time.Instant.parse("2026-01-01T00:00:00Z"));
        return SystemApi.golden(golden).replace("<createdAt>", createdAt);
    }
}
