package dev.edgeway.gateway.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgeway.gateway.auth.BasicAuthCredentials;
import dev.edgeway.gateway.support.GatewayIT;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** A gateway without the Kafka trigger serves the Kafka routes, and says the trigger is off. */
@GatewayIT
class KafkaReplayOffIT {

    @Autowired
    WebTestClient client;

    @Autowired
    BasicAuthCredentials credentials;

    @Test
    void answersNotFoundWhenTheTriggerIsOff() {
        expectNotEnabled(client.post().uri("/system/kafka/dead-letters/replay?topic=orders"));
    }

    @Test
    void answersNotFoundForTheStatusWhenTheTriggerIsOff() {
        expectNotEnabled(client.get().uri("/system/kafka"));
    }

    private void expectNotEnabled(WebTestClient.RequestHeadersSpec<?> request) {
        request.header("Authorization", credentials.header())
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("https://edgeway.dev/problems/kafka/not-enabled")
                .jsonPath("$.detail")
                .value(detail -> assertThat((String) detail).contains("edgeway.kafka.enabled"));
    }
}
