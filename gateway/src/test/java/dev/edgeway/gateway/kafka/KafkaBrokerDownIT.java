package dev.edgeway.gateway.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgeway.gateway.EdgewayApplication;
import dev.edgeway.gateway.auth.BasicAuthCredentials;
import dev.edgeway.gateway.support.SystemApi;
import dev.edgeway.gateway.support.TestFunctions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The trigger on, its broker down (nothing listens on the configured port): the gateway starts,
 * serves {@code /healthz} and {@code /function}, and {@code GET /system/kafka} says it is not connected.
 */
@SpringBootTest(
        classes = EdgewayApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "management.server.port=0",
            "edgeway.gateway.data-dir=target/it-data/${random.uuid}",
            "edgeway.gateway.local.secret-mount-path=target/it-secrets/${random.uuid}",
            "edgeway.kafka.topics=down-requests",
            "logging.level.org.apache.kafka=ERROR",
        })
@AutoConfigureWebTestClient(timeout = "PT30S")
@DirtiesContext
class KafkaBrokerDownIT {

    @Autowired
    WebTestClient client;

    @Autowired
    BasicAuthCredentials credentials;

    @DynamicPropertySource
    static void broker(DynamicPropertyRegistry registry) {
        registry.add("edgeway.kafka.bootstrap-servers", () -> "127.0.0.1:" + closedPort());
    }

    @Test
    void servesHealthzAndFunctionsWhileTheBrokerIsDown() {
        client.get().uri("/healthz").exchange().expectStatus().isOk();
        new SystemApi(client, credentials).deploy(TestFunctions.classic("down-cat", "cat"));
        client.post()
                .uri("/function/down-cat")
                .bodyValue("still here")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .isEqualTo("still here");
        String status = new SystemApi(client, credentials)
                .get("/system/kafka")
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(status).contains("\"connected\":false");
    }

    /** A loopback port nothing listens on: bound, then released. */
    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
