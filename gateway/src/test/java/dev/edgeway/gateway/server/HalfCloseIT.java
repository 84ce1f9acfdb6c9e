package dev.edgeway.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgeway.gateway.auth.BasicAuthCredentials;
import dev.edgeway.gateway.support.GatewayIT;
import dev.edgeway.gateway.support.RawConnection;
import dev.edgeway.gateway.support.SystemApi;
import dev.edgeway.gateway.support.TestFunctions;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.reactive.server.WebTestClient;

/** A complete request followed by a half-close (as {@code nc -N} sends it) is still answered. */
@GatewayIT
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HalfCloseIT {

    @Autowired
    WebTestClient client;

    @Autowired
    BasicAuthCredentials credentials;

    @LocalServerPort
    int port;

    SystemApi api;

    @BeforeAll
    void deployEcho() {
        api = new SystemApi(client, credentials);
        api.deploy(TestFunctions.echoServer("halfclose-echo", ""));
    }

    @AfterAll
    void removeEcho() {
        api.remove("halfclose-echo");
    }

    @ParameterizedTest
    @CsvSource({
        "POST, /function/halfclose-echo/a, hello, 200",
        "GET, /function/halfclose-echo, '', 200",
        "POST, /system/functions, '{}', 400",
        "POST, /pipeline/none, '{}', 404",
    })
    void answersACompleteRequestAfterTheClientHalfCloses(String method, String path, String body, int status) {
        try (RawConnection connection = RawConnection.connect(port, Duration.ofSeconds(20))) {
            connection
                    .send(method + " " + path + " HTTP/1.1\r\nHost: x\r\nAuthorization: " + credentials.header()
                            + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n"
                            + body)
                    .halfClose();

            assertThat(connection.readUntilClosed()).startsWith("HTTP/1.1 " + status + " ");
        }
    }
}
