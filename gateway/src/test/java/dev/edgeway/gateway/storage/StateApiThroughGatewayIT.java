package dev.edgeway.gateway.storage;

import dev.edgeway.gateway.auth.BasicAuthCredentials;
import dev.edgeway.gateway.support.GatewayIT;
import dev.edgeway.gateway.support.SystemApi;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The state API as the gateway serves it: behind the same basic auth as {@code /system}, on the
 * NATS server the gateway starts itself, answering errors as problem JSON.
 */
@GatewayIT
class StateApiThroughGatewayIT {

    @Autowired
    WebTestClient client;

    @Autowired
    BasicAuthCredentials credentials;

    @Test
    void refusesUnauthenticatedCallsWithAProblem() {
        client.get()
                .uri("/system/storage/tasks/t1")
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .valueEquals("WWW-Authenticate", "Basic realm=\"Restricted\"")
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo(401)
                .jsonPath("$.instance")
                .isEqualTo("/system/storage/tasks/t1");
    }

    @Test
    void storesAndReadsAVariableOfATaskOnTheEmbeddedNatsServer() {
        SystemApi api = new SystemApi(client, credentials);
        api.send(HttpMethod.POST, "/system/storage/tasks", "{\"task_id\":\"gw-task\",\"function_name\":\"fn\"}")
                .expectStatus()
                .isCreated()
                .expectBody()
                .json("{\"status\":\"created\"}");
        api.send(
                        HttpMethod.POST,
                        "/system/storage/variables",
                        "{\"task_id\":\"gw-task\",\"var_name\":\"x\",\"var_type\":\"int\",\"value\":42,\"ttl\":\"1h\"}")
                .expectStatus()
                .isCreated();

        api.get("/system/storage/variables/gw-task/x")
                .expectStatus()
                .isOk()
                .expectHeader()
                .exists("ETag")
                .expectBody()
                .jsonPath("$.value")
                .isEqualTo(42);
    }

    @Test
    void answersMalformedJsonWithAProblemNotPlainText() {
        new SystemApi(client, credentials)
                .send(HttpMethod.POST, "/system/storage/tasks", "{\"task_id\":")
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }
}
