package dev.edgeway.gateway.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgeway.gateway.auth.BasicAuthCredentials;
import dev.edgeway.gateway.support.GatewayIT;
import dev.edgeway.gateway.support.SystemApi;
import dev.edgeway.gateway.support.TestFunctions;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

@GatewayIT
class ScaleFromZeroIT {

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
    void cleanUp() {
        api.remove("sleepy");
        api.remove("stuck");
    }

    @Test
    void wakesAFunctionAtZeroReplicasAndConcurrentCallersShareOneWake() {
        api.deploy(TestFunctions.echoServer("sleepy", "\"com.openfaas.scale.min\":\"1\""));
        api.send(HttpMethod.POST, "/system/scale-function/sleepy", "{\"replicas\":0}")
                .expectStatus()
                .isAccepted();
        api.get("/system/function/sleepy")
                .expectBody()
                .jsonPath("$.availableReplicas")
                .doesNotExist();

        List<String> pids = Flux.range(0, 6)
                .parallel()
                .runOn(Schedulers.boundedElastic())
                .map(i -> client.get()
                        .uri("/function/sleepy/pid")
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody(String.class)
                        .returnResult()
                        .getResponseBody())
                .sequential()
                .collectList()
                .block(Duration.ofSeconds(60));

        Set<String> distinct = new HashSet<>(pids);
        assertThat(distinct).hasSize(1);
        api.get("/system/function/sleepy")
                .expectBody()
                .jsonPath("$.replicas")
                .isEqualTo(1)
                .jsonPath("$.availableReplicas")
                .isEqualTo(1);
    }

    @Test
    void endsTheWaitForAReplicaThatNeverBecomesReadyWithA504() {
        // An HTTP-mode function whose process never listens on its port.
        api.deploy("""
                {"service":"stuck","image":"i","envProcess":"sleep 600","envVars":{"mode":"http"}}""");

        client.get()
                .uri("/function/stuck")
                .exchange()
                .expectStatus()
                .isEqualTo(504)
                .expectBody(String.class)
                .value(text -> assertThat(text).contains("waiting for a ready replica of stuck.openfaas-fn"));
    }
}
