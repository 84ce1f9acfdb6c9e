package dev.edgeway.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.edgeway.gateway.EdgewayApplication;
import dev.edgeway.gateway.auth.BasicAuthCredentials;
import dev.edgeway.gateway.proxy.FunctionProxy;
import dev.edgeway.gateway.support.RawConnection;
import dev.edgeway.gateway.support.TestFunctions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Slow and idle clients against a gateway with short timeouts and a small connection limit (its
 * own context: these settings would disturb the shared one). Only raw sockets talk to it, so
 * the test knows every connection the limit counts.
 */
@SpringBootTest(
        classes = EdgewayApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "management.server.port=0",
            "edgeway.gateway.data-dir=target/it-data/${random.uuid}",
            "edgeway.gateway.local.secret-mount-path=target/it-secrets/${random.uuid}",
            "edgeway.gateway.read-header-timeout=1s",
            "edgeway.gateway.idle-timeout=2s",
            "edgeway.gateway.read-timeout=3s",
            "edgeway.gateway.write-timeout=1s",
            "edgeway.gateway.max-connections=6",
        })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SlowClientsIT {

    /** Longer than any timeout above plus generous slack for a loaded machine. */
    private static final Duration PATIENCE = Duration.ofSeconds(15);

    @LocalServerPort
    int port;

    @Autowired
    BasicAuthCredentials credentials;

    @Autowired
    FunctionProxy proxy;

    private final List<RawConnection> connections = new ArrayList<>();
    private final ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void closeConnections() {
        trickle.shutdownNow();
        connections.forEach(RawConnection::close);
    }

    @Test
    void answersAHeadSentOneByteAtATimeWith408AndCloses() {
        RawConnection slow = open();
        byte[] head = "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Padding: %s"
                .formatted("a".repeat(200))
                .getBytes();
        int[] next = {0};
        // Every byte arrives well within the idle timeout of the previous one: only a header deadline stops it.
        trickle.scheduleAtFixedRate(
                () -> {
                    if (next[0] < head.length) {
                        slow.send(String.valueOf((char) head[next[0]++]));
                    }
                },
                0,
                100,
                TimeUnit.MILLISECONDS);

        assertThat(slow.readUntilClosed()).startsWith("HTTP/1.1 408 ");
    }

    @Test
    void closesAKeptAliveConnectionLeftIdle() {
        RawConnection idle = open().send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");

        assertThat(idle.readUntilClosed()).startsWith("HTTP/1.1 200 ").endsWith("OK");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/system/functions", "/pipeline/none"})
    void answersABodyCutAtTheReadTimeoutWith408(String path) {
        RawConnection slow = open().send(post(path, 100) + "{\"a\"");

        assertThat(slow.readUntilClosed()).startsWith("HTTP/1.1 408 ");
    }

    @Test
    void cutsACallerThatStopsReadingAtTheWriteTimeout() {
        deployEcho("write-stall");
        RawConnection stalled = open().send("GET /function/write-stall/bytes?n=1073741824 HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(stalled.readUntil("\r\n\r\n")).startsWith("HTTP/1.1 200 ");

        // It reads nothing more: the answer stops moving, and the call ends with the connection.
        await().atMost(PATIENCE).until(() -> proxy.inProgress() == 0);
        assertThat(stalled.readUntilClosed().length()).isLessThan(1 << 30);
    }

    @Test
    void keepsACallerThatReadsSlowlyButSteadily() throws Exception {
        deployEcho("write-trickle");
        int size = 64 << 20;
        RawConnection reader = open().send("GET /function/write-trickle/bytes?n=" + size
                + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(reader.readUntil("\r\n\r\n")).startsWith("HTTP/1.1 200 ");

        // 1 MiB every 250 ms for 3 s, three times the write timeout: the output keeps moving. (The
        // kernel wakes a writer when half of a socket's send buffer, up to megabytes, has drained:
        // a reader much slower than that looks stopped to any write timeout.)
        int slow = 0;
        for (int i = 0; i < 12; i++) {
            slow += trickle.schedule(() -> reader.skip(1 << 20), 250, TimeUnit.MILLISECONDS)
                    .get();
        }

        assertThat(slow + reader.readUntilClosed().length()).isEqualTo(size);
    }

    // The limit tests run last: connections they leave busy for a moment would refuse the others'.
    @Test
    @Order(Integer.MAX_VALUE)
    void closesNewConnectionsWhileEveryConnectionIsBusy() {
        for (int i = 0; i < 6; i++) {
            busy();
        }

        RawConnection refused = open().send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");

        assertThat(refused.readUntilClosed()).isEmpty();
    }

    @Test
    @Order(Integer.MAX_VALUE - 1)
    void replacesAnIdleConnectionAtTheLimitSoARealCallIsServed() {
        RawConnection idle = open().send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
        idle.readUntil("\r\n\r\nOK");
        for (int i = 0; i < 5; i++) {
            busy();
        }

        RawConnection caller = open().send("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");

        assertThat(caller.readUntilClosed()).startsWith("HTTP/1.1 200 ");
        assertThat(idle.readUntilClosed()).isEqualTo("");
    }

    /** Deploys the echo server as {@code name} and waits for its first answer; over raw sockets, closed after. */
    private void deployEcho(String name) {
        String json = TestFunctions.echoServer(name, "");
        RawConnection deploy = open().send(
                        post("/system/functions", json.length()).replace("\r\n\r\n", "\r\nConnection: close\r\n\r\n")
                                + json);
        assertThat(deploy.readUntilClosed()).startsWith("HTTP/1.1 202 ");
        RawConnection first =
                open().send("GET /function/" + name + "/pid HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(first.readUntilClosed()).startsWith("HTTP/1.1 200 ");
    }

    /** A connection with a request in progress: its head is read and the handler waits for the body. */
    private void busy() {
        RawConnection connection =
                open().send(post("/system/functions", 100).replace("\r\n\r\n", "\r\nExpect: 100-continue\r\n\r\n"));
        connection.readUntil("100 Continue");
    }

    private String post(String path, int contentLength) {
        return "POST " + path + " HTTP/1.1\r\nHost: x\r\nAuthorization: " + credentials.header()
                + "\r\nContent-Type: application/json\r\nContent-Length: " + contentLength + "\r\n\r\n";
    }

    private RawConnection open() {
        RawConnection connection = RawConnection.connect(port, PATIENCE);
        connections.add(connection);
        return connection;
    }
}
