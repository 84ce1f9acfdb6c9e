package dev.edgeway.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgeway.gateway.auth.BasicAuthCredentials;
import dev.edgeway.gateway.support.GatewayIT;
import dev.edgeway.gateway.support.SystemApi;
import dev.edgeway.gateway.support.TestFunctions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

/** What OpenFaaS's own tools expect of {@code /function} and classic functions, through the gateway. */
@GatewayIT
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClassicCompatibilityIT {

    @Autowired
    WebTestClient client;

    @Autowired
    BasicAuthCredentials credentials;

    @LocalServerPort
    int port;

    SystemApi api;

    @BeforeAll
    void deploy() {
        api = new SystemApi(client, credentials);
        api.deploy(TestFunctions.classic("compat-env", "env"));
        api.deploy(TestFunctions.classic("compat-crash", "sh " + TestFunctions.script("half_done.sh")));
    }

    @AfterAll
    void remove() {
        api.remove("compat-env");
        api.remove("compat-crash");
    }

    @Test
    void givesAClassicFunctionTheHostItWasCalledAt() {
        client.get()
                .uri("/function/compat-env")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .value(env -> assertThat(env).contains("Http_Host=localhost:" + port + "\n"));
    }

    @Test
    void answersAFunctionThatPrintsThenFailsWith500TheExitStatusAndTheOutput() {
        client.post()
                .uri("/function/compat-crash")
                .exchange()
                .expectStatus()
                .isEqualTo(500)
                .expectBody(String.class)
                .isEqualTo("exit status 3\nhalf done\n");
    }

    @Test
    void answersAnEmptyFunctionNameAs404LikeAnUnknownFunction() {
        client.post()
                .uri("/function/.openfaas-fn")
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .valueEquals(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8");
    }

    @Test
    void answersSystemErrorsInGosPlainTextSpelling() {
        api.get("/system/function/nobody")
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .valueEquals(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8");
    }
}
