package dev.edgeway.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgeway.gateway.auth.BasicAuthCredentials;
import dev.edgeway.gateway.support.GatewayIT;
import dev.edgeway.gateway.support.RawConnection;
import dev.edgeway.gateway.support.SystemApi;
import dev.edgeway.gateway.support.TestFunctions;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A body the caller stops sending is cut at {@code read_timeout} (4 s here) and answered 408, not
 * 502, by an HTTP-mode function and by a classic one (which must not run on half its input).
 */
@GatewayIT
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProxyReadTimeoutIT {

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
        api.deploy(TestFunctions.echoServer("slow-body-echo", ""));
        api.deploy(TestFunctions.classic("slow-body-count", "wc -c"));
        // Called once, so the replica is up before the slow request's clock starts.
        client.get().uri("/function/slow-body-echo").exchange().expectStatus().isOk();
    }

    @AfterAll
    void removeEcho() {
        api.remove("slow-body-echo");
        api.remove("slow-body-count");
    }

    @Test
    void answersABodyCutAtTheReadTimeoutWith408() {
        try (RawConnection connection = RawConnection.connect(port, Duration.ofSeconds(20))) {
            connection.send("POST /function/slow-body-echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nabc");

            assertThat(connection.readUntilClosed()).startsWith("HTTP/1.1 408 ").contains("read_timeout");
        }
    }

    @Test
    void failsAClassicCallWhoseBodyIsCutInsteadOfRunningItOnHalfItsInput() {
        try (RawConnection connection = RawConnection.connect(port, Duration.ofSeconds(20))) {
            // wc answers once its stdin ends: before the fix, "3" with a 200 when the body was cut.
            connection.send("POST /function/slow-body-count HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nabc");

            assertThat(connection.readUntilClosed()).startsWith("HTTP/1.1 408 ").contains("read_timeout");
        }
    }
}
