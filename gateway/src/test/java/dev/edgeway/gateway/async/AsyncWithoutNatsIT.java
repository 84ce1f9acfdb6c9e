package dev.edgeway.gateway.async;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgeway.gateway.EdgewayApplication;
import dev.edgeway.gateway.auth.BasicAuthCredentials;
import dev.edgeway.gateway.support.SystemApi;
import dev.edgeway.gateway.support.TestFunctions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A gateway whose NATS is not reachable (nothing listens on its URL): async calls answer 503
 * with {@code Retry-After} and the reason, while {@code /function} keeps working. A context of
 * its own, since the shared one has a live NATS.
 */
@SpringBootTest(
        classes = EdgewayApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "management.server.port=0",
            "edgeway.gateway.data-dir=target/it-data/${random.uuid}",
            "edgeway.gateway.local.secret-mount-path=target/it-secrets/${random.uuid}",
            "edgeway.nats.url=nats://127.0.0.1:9",
            "edgeway.nats.connect-timeout=200ms",
            "edgeway.async.retry-after=7s",
        })
@AutoConfigureWebTestClient(timeout = "PT30S")
class AsyncWithoutNatsIT {

    @Autowired
    WebTestClient client;

    @Autowired
    BasicAuthCredentials credentials;

    @Test
    void answersServiceUnavailableWithRetryAfterWhileSyncCallsWork() {
        new SystemApi(client, credentials).deploy(TestFunctions.classic("nats-down", "cat"));

        client.post()
                .uri("/async-function/nats-down")
                .bodyValue("queued?")
                .exchange()
                .expectStatus()
                .isEqualTo(503)
                .expectHeader()
                .valueEquals("Retry-After", "7")
                .expectBody(String.class)
                .value(body -> assertThat(body).startsWith("The async queue is unavailable: "));
        client.post()
                .uri("/function/nats-down")
                .bodyValue("still here")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .isEqualTo("still here");
    }
}
