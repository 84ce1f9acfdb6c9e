package dev.edgeway.gateway.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgeway.gateway.auth.BasicAuthCredentials;
import dev.edgeway.gateway.support.GatewayIT;
import dev.edgeway.gateway.support.SystemApi;
import dev.edgeway.gateway.support.TestFunctions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.test.web.reactive.server.WebTestClient;

@GatewayIT
class SecretsApiIT {

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
        api.remove("reader");
        api.send(HttpMethod.DELETE, "/system/secrets", "{\"name\":\"api-key\"}");
    }

    @Test
    void createsListsUpdatesAndDeletesWithoutEverShowingValues() {
        api.send(HttpMethod.POST, "/system/secrets", "{\"name\":\"api-key\",\"value\":\"s3cret\"}")
                .expectStatus()
                .isAccepted();
        api.send(HttpMethod.POST, "/system/secrets", "{\"name\":\"api-key\",\"value\":\"again\"}")
                .expectStatus()
                .isEqualTo(409);

        String list = api.get("/system/secrets")
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(list)
                .contains("{\"name\":\"api-key\",\"namespace\":\"openfaas-fn\"}")
                .doesNotContain("s3cret");

        api.send(HttpMethod.PUT, "/system/secrets", "{\"name\":\"api-key\",\"rawValue\":\"bmV3\"}")
                .expectStatus()
                .isAccepted();
        api.send(HttpMethod.DELETE, "/system/secrets", "{\"name\":\"api-key\"}")
                .expectStatus()
                .isAccepted();
        api.send(HttpMethod.DELETE, "/system/secrets", "{\"name\":\"api-key\"}")
                .expectStatus()
                .isNotFound();
        api.send(HttpMethod.PUT, "/system/secrets", "{\"name\":\"api-key\",\"value\":\"x\"}")
                .expectStatus()
                .isNotFound();
    }

    @Test
    void functionsReadTheirSecretsFromTheMountPath() {
        api.send(HttpMethod.POST, "/system/secrets", "{\"name\":\"api-key\",\"value\":\"s3cret\"}")
                .expectStatus()
                .isAccepted();
        api.deploy(TestFunctions.classic("reader", "sh " + TestFunctions.script("read_secret.sh") + " api-key")
                .replace("}", ",\"secrets\":[\"api-key\"]}"));

        client.post()
                .uri("/function/reader")
                .bodyValue("")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .isEqualTo("s3cret");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"name\":\"../../etc/passwd\",\"value\":\"x\"}",
                "{\"name\":\"a/b\",\"value\":\"x\"}",
                "{\"name\":\"\",\"value\":\"x\"}",
                "{\"name\":\"Upper\",\"value\":\"x\"}",
                "{\"name\":\"ok-name\"}",
                "{\"name\":\"ok-name\",\"value\":5,\"rawValue\":\"%%%\"}",
                "not json"
            })
    void refusesBadSecrets(String body) {
        api.send(HttpMethod.POST, "/system/secrets", body).expectStatus().isBadRequest();
    }
}
