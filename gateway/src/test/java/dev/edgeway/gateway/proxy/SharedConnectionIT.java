package dev.edgeway.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgeway.gateway.auth.BasicAuthCredentials;
import dev.edgeway.gateway.support.GatewayIT;
import dev.edgeway.gateway.support.RawConnection;
import dev.edgeway.gateway.support.SystemApi;
import dev.edgeway.gateway.support.TestFunctions;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * One caller's connection shared by the proxy's {@code /function} handler and Reactor Netty's
 * routes: keep-alive across both, pipelined requests answered in order, the caller's framing
 * and persistence wishes (HTTP/1.0, {@code Connection: close}, {@code Expect: 100-continue}).
 */
@GatewayIT
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SharedConnectionIT {

    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.1 (\\d{3}) ");

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
        api.deploy(TestFunctions.echoServer("shared-echo", ""));
    }

    @AfterAll
    void removeEcho() {
        api.remove("shared-echo");
    }

    @Test
    void answersPipelinedRequestsToBothSidesInOrderOnOneConnection() {
        String requests = get("/function/shared-echo/first")
                + get("/healthz")
                + "POST /function/shared-echo/second HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"
                + get("/function/shared-echo/status/418")
                + "GET /system/functions HTTP/1.1\r\nHost: x\r\nAuthorization: " + credentials.header() + "\r\n\r\n"
                + get("/function/no-such-function")
                + "GET /function/shared-echo/last HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
        try (RawConnection connection = RawConnection.connect(port, Duration.ofSeconds(20))) {
            String answers = connection.send(requests).readUntilClosed();

            assertThat(statuses(answers)).isEqualTo("200 200 200 418 200 404 200");
            assertThat(answers.indexOf("\"path\": \"/first\""))
                    .isPositive()
                    .isLessThan(answers.indexOf("\"path\": \"/second\""));
            assertThat(answers).contains("\"body_bytes\": 5").contains("\"path\": \"/last\"");
            assertThat(answers.substring(answers.lastIndexOf("HTTP/1.1 "))).containsIgnoringCase("connection: close");
        }
    }

    @Test
    void keepsTheConnectionAcrossSidesWhenTheCallerWaitsForEachAnswer() {
        try (RawConnection connection = RawConnection.connect(port, Duration.ofSeconds(20))) {
            for (String path : new String[] {"/function/shared-echo/a", "/healthz", "/function/shared-echo/b"}) {
                String answer = connection
                        .send(get(path))
                        .readUntil(path.equals("/healthz") ? "\r\n\r\nOK" : "\"body_bytes\": 0}");
                assertThat(answer).startsWith("HTTP/1.1 200 ");
            }
        }
    }

    @Test
    void closesAfterAnsweringAnHttp10CallerWithoutKeepAlive() {
        try (RawConnection connection = RawConnection.connect(port, Duration.ofSeconds(20))) {
            String answer = connection
                    .send("GET /function/shared-echo/old HTTP/1.0\r\nHost: x\r\n\r\n")
                    .readUntilClosed();

            assertThat(answer).startsWith("HTTP/1.1 200 ").containsIgnoringCase("connection: close");
            assertThat(answer).contains("\"path\": \"/old\"");
        }
    }

    @Test
    void sends100ContinueBeforeReadingABodyThatWaitsForIt() {
        try (RawConnection connection = RawConnection.connect(port, Duration.ofSeconds(20))) {
            connection.send("POST /function/shared-echo/expect HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n"
                    + "Expect: 100-continue\r\nConnection: close\r\n\r\n");
            assertThat(connection.readUntil("\r\n\r\n")).startsWith("HTTP/1.1 100 Continue");

            String answer = connection.send("abc").readUntilClosed();

            assertThat(answer).startsWith("HTTP/1.1 200 ").contains("\"body_bytes\": 3");
        }
    }

    private static String get(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n";
    }

    private static String statuses(String answers) {
        StringBuilder found = new StringBuilder();
        Matcher matcher = STATUS_LINE.matcher(answers);
        while (matcher.find()) {
            found.append(found.isEmpty() ? "" : " ").append(matcher.group(1));
        }
        return found.toString();
    }
}
