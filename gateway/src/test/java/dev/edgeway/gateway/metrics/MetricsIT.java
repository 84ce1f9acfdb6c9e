package dev.edgeway.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.edgeway.gateway.auth.BasicAuthCredentials;
import dev.edgeway.gateway.support.GatewayIT;
import dev.edgeway.gateway.support.MetricsScrape;
import dev.edgeway.gateway.support.SystemApi;
import dev.edgeway.gateway.support.TestFunctions;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The metrics port serves the OpenFaaS metric names, open, as Prometheus text. */
@GatewayIT
class MetricsIT {

    @Autowired
    WebTestClient client;

    @Autowired
    BasicAuthCredentials credentials;

    @LocalManagementPort
    int managementPort;

    @AfterEach
    void cleanUp() {
        new SystemApi(client, credentials).remove("counted");
    }

    @Test
    void countsInvocationsUnderTheOpenFaasNames() {
        new SystemApi(client, credentials).deploy(TestFunctions.classic("counted", "cat"));
        client.post()
                .uri("/function/counted")
                .bodyValue("a")
                .exchange()
                .expectStatus()
                .isOk();
        client.get()
                .uri("/function/counted.openfaas-fn/x")
                .exchange()
                .expectStatus()
                .isOk();

        // A call is counted once its response has been written, a moment after the client has it.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(scrape())
                .contains("# TYPE gateway_function_invocation_total counter")
                .contains(
                        "gateway_function_invocation_total{application=\"edgeway\",code=\"200\",function_name=\"counted.openfaas-fn\"} 2.0")
                .contains("# TYPE gateway_functions_seconds histogram")
                .containsPattern(
                        "gateway_functions_seconds_bucket\\{application=\"edgeway\",code=\"200\",function_name=\"counted.openfaas-fn\",le=\"0.005\"}")
                .containsPattern("gateway_functions_seconds_count\\{[^}]*function_name=\"counted.openfaas-fn\"} 2")
                .contains(
                        "gateway_function_invocation_started{application=\"edgeway\",function_name=\"counted.openfaas-fn\"} 2.0")
                .contains(
                        "gateway_function_inflight_requests{application=\"edgeway\",function_name=\"counted.openfaas-fn\"} 0.0")
                .contains("jvm_memory_used_bytes")
                .contains("process_cpu_usage"));
    }

    @Test
    void reportsDesiredReplicasAsServiceCount() {
        new SystemApi(client, credentials).deploy(TestFunctions.classic("counted", "cat"));

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(scrape())
                .contains("gateway_service_count{application=\"edgeway\",function_name=\"counted.openfaas-fn\"} 1.0"));
    }

    @Test
    void servesHealthOnTheMetricsPort() {
        management().get().uri("/healthz").exchange().expectStatus().isOk();
    }

    private String scrape() {
        return MetricsScrape.of(managementPort);
    }

    private WebTestClient management() {
        return WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + managementPort)
                .build();
    }
}
