package dev.edgeway.gateway.autoscaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.edgeway.gateway.EdgewayApplication;
import dev.edgeway.gateway.auth.BasicAuthCredentials;
import dev.edgeway.gateway.support.SystemApi;
import dev.edgeway.gateway.support.TestFunctions;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The autoscaler against real HTTP-mode replicas, ticking fast: its own context, because the
 * shared one ticks at the default interval with the default stabilisation window.
 */
@SpringBootTest(
        classes = EdgewayApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "management.server.port=0",
            "edgeway.gateway.data-dir=target/it-data/${random.uuid}",
            "edgeway.gateway.local.secret-mount-path=target/it-secrets/${random.uuid}",
            "edgeway.gateway.upstream-timeout=30s",
            "edgeway.gateway.scaling.ready-timeout=20s",
            "edgeway.gateway.local.start-timeout=20s",
            "edgeway.gateway.autoscaling.interval=300ms",
            "edgeway.gateway.autoscaling.stabilisation-window=3s",
        })
@AutoConfigureWebTestClient(timeout = "PT60S")
class AutoscalerIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {};

    @Autowired
    WebTestClient client;

    @Autowired
    BasicAuthCredentials credentials;

    @Autowired
    MeterRegistry registry;

    @LocalServerPort
    int port;

    SystemApi api;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void setUp() {
        api = new SystemApi(client, credentials);
    }

    @AfterEach
    void cleanUp() {
        api.remove("busy");
        api.remove("idle");
        api.remove("hot");
    }

    @Test
    void scalesUpUnderLoadAndBackDownAfterIt() {
        // One call in flight per replica (target 1 at 0.90), at most 3 replicas.
        api.deploy(TestFunctions.echoServer("busy", """
                "com.openfaas.scale.type":"capacity","com.openfaas.scale.target":"1",
                "com.openfaas.scale.min":"1","com.openfaas.scale.max":"3\"""".strip()));
        await().atMost(WAIT).until(() -> replicas("busy") == 1 && available("busy") == 1);

        List<CompletableFuture<HttpResponse<String>>> load = IntStream.range(0, 4)
                .mapToObj(i -> http.sendAsync(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/function/busy/sleep?s=6"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString()))
                .toList();

        await().atMost(WAIT).until(() -> replicas("busy") == 3);
        load.forEach(call -> assertThat(call.join().statusCode()).isEqualTo(200));
        await().atMost(WAIT).until(() -> replicas("busy") == 1);
        assertThat(decisions("busy.openfaas-fn", "up")).isGreaterThanOrEqualTo(1);
        assertThat(decisions("busy.openfaas-fn", "down")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void scalesAnIdleFunctionToZeroAndTheNextCallWakesIt() {
        api.deploy(TestFunctions.echoServer(
                "idle", "\"com.openfaas.scale.zero\":\"true\",\"com.openfaas.scale.zero-duration\":\"2s\""));

        await().atMost(WAIT).until(() -> replicas("idle") == 0);
        assertThat(decisions("idle.openfaas-fn", "zero")).isGreaterThanOrEqualTo(1);

        client.get().uri("/function/idle/anything").exchange().expectStatus().isOk();
        assertThat(replicas("idle")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void scalesACpuTypedFunctionByTheCpuItsReplicasUse() {
        String limits = api.get("/system/info")
                .expectBody(JSON)
                .returnResult()
                .getResponseBody()
                .get("provider")
                .toString();
        assumeTrue(limits.contains("limits=cgroup"), "no cgroups on this machine, so no CPU is reported: " + limits);
        // 90 millicores per replica (target 100 at 0.90); one replica held to 200m by its limit.
        api.deploy(TestFunctions.echoServer("hot", """
                "com.openfaas.scale.type":"cpu","com.openfaas.scale.target":"100",
                "com.openfaas.scale.min":"1","com.openfaas.scale.max":"2\"""".strip())
                .replace("\"labels\"", "\"limits\":{\"cpu\":\"200m\"},\"labels\""));
        await().atMost(WAIT).until(() -> available("hot") == 1);

        CompletableFuture<HttpResponse<String>> spin = http.sendAsync(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/function/hot/spin?s=12"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        await().atMost(WAIT).until(() -> replicas("hot") == 2);
        assertThat(decisions("hot.openfaas-fn", "up")).isGreaterThanOrEqualTo(1);
        assertThat(spin.join().statusCode()).isEqualTo(200);
    }

    private long replicas(String name) {
        return count(name, "replicas");
    }

    private long available(String name) {
        return count(name, "availableReplicas");
    }

    private long count(String name, String field) {
        Map<String, Object> status = api.get("/system/function/" + name)
                .expectStatus()
                .isOk()
                .expectBody(JSON)
                .returnResult()
                .getResponseBody();
        Object value = status == null ? null : status.get(field);
        return value == null ? 0 : ((Number) value).longValue();
    }

    private double decisions(String function, String direction) {
        return registry
                .find("gateway.autoscaler.decisions")
                .tags("function_name", function, "direction", direction)
                .counters()
                .stream()
                .mapToDouble(c -> c.count())
                .sum();
    }
}
