package dev.edgeway.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.edgeway.gateway.support.PackagedGateway;
import dev.edgeway.gateway.support.TestFunctions;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The packaged gateway driven the way faas-cli drives the OpenFaaS gateway: login check,
 * deploy (PUT, then POST on 404), list, describe, invoke, secrets, logs, scale to zero and
 * back, remove. Each step is one test, in order, against one running gateway.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaasCliFlowIT {

    @RegisterExtension
    static final PackagedGateway gateway = new PackagedGateway();

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    @Order(1)
    void loginChecksCredentialsOnTheFunctionList() throws Exception {
        assertThat(send("GET", "/system/functions", null, true).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/system/functions", null, false).statusCode()).isEqualTo(401);
        assertThat(gateway.log())
                .contains("Basic auth is on")
                .doesNotContain(gateway.authorization().substring(6));
    }

    @Test
    @Order(2)
    void deploysWithPutThenPostOn404() throws Exception {
        String echo = TestFunctions.echoServer("echo", "");
        assertThat(send("PUT", "/system/functions", echo, true).statusCode()).isEqualTo(404);
        assertThat(send("POST", "/system/functions", echo, true).statusCode()).isEqualTo(202);
        String cat = TestFunctions.classic("cat", "cat");
        assertThat(send("PUT", "/system/functions", cat, true).statusCode()).isEqualTo(404);
        assertThat(send("POST", "/system/functions", cat, true).statusCode()).isEqualTo(202);
    }

    @Test
    @Order(3)
    void listsAndDescribesTheFunctions() throws Exception {
        assertThat(send("GET", "/system/functions", null, true).body())
                .contains("\"name\":\"echo\"")
                .contains("\"name\":\"cat\"");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                        send("GET", "/system/function/echo?namespace=openfaas-fn&usage=1", null, true)
                                .body())
                .contains("\"availableReplicas\":1")
                .contains("\"labels\":{\"faas_function\":\"echo\"}"));
    }

    @Test
    @Order(4)
    void invokesWithMethodsQueryAndSubPath() throws Exception {
        for (String method : new String[] {"GET", "POST", "PUT", "PATCH", "DELETE"}) {
            HttpResponse<String> response = send(method, "/function/echo.openfaas-fn/sub/path?q=1", "hi", false);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body())
                    .contains("\"method\": \"" + method + "\"")
                    .contains("\"path\": \"/sub/path\"")
                    .contains("\"query\": \"q=1\"");
        }
        HttpResponse<String> forked = send("POST", "/function/cat", "round trip", false);
        assertThat(forked.body()).isEqualTo("round trip");
    }

    @Test
    @Order(5)
    void streamsA200MiBBodyBothWaysWithASmallHeap() throws Exception {
        long size = 200L * 1024 * 1024;
        HttpRequest upload = HttpRequest.newBuilder(gateway.uri("/function/echo/upload"))
                .POST(BodyPublishers.fromPublisher(BodyPublishers.ofInputStream(() -> new ZeroStream(size)), size))
                .timeout(Duration.ofMinutes(2))
                .build();
        assertThat(http.send(upload, BodyHandlers.ofString()).body()).contains("\"body_bytes\": " + size);

        HttpRequest download = HttpRequest.newBuilder(gateway.uri("/function/echo/bytes?n=" + size))
                .timeout(Duration.ofMinutes(2))
                .build();
        try (InputStream in = http.send(download, BodyHandlers.ofInputStream()).body()) {
            assertThat(in.transferTo(java.io.OutputStream.nullOutputStream())).isEqualTo(size);
        }
    }

    @Test
    @Order(6)
    void createsUsesAndDeletesASecret() throws Exception {
        assertThat(send("POST", "/system/secrets", "{\"name\":\"token\",\"value\":\"t0ken\"}", true)
                        .statusCode())
                .isEqualTo(202);
        assertThat(send("GET", "/system/secrets", null, true).body())
                .isEqualTo("[{\"name\":\"token\",\"namespace\":\"openfaas-fn\"}]");
        String reader = TestFunctions.classic("reader", "sh " + TestFunctions.script("read_secret.sh") + " token")
                .replace("}", ",\"secrets\":[\"token\"]}");
        assertThat(send("POST", "/system/functions", reader, true).statusCode()).isEqualTo(202);
        assertThat(send("GET", "/function/reader", null, false).body()).isEqualTo("t0ken");
        assertThat(send("DELETE", "/system/functions", "{\"functionName\":\"reader\"}", true)
                        .statusCode())
                .isEqualTo(202);
        assertThat(send("DELETE", "/system/secrets", "{\"name\":\"token\"}", true)
                        .statusCode())
                .isEqualTo(202);
        assertThat(send("GET", "/system/secrets", null, true).body()).isEqualTo("[]");
    }

    @Test
    @Order(7)
    void readsTheFunctionLogs() throws Exception {
        assertThat(send("GET", "/system/logs?name=cat&namespace=openfaas-fn&tail=5&follow=false", null, true)
                        .body())
                .contains("Forking fprocess.")
                .contains("\"instance\"");
    }

    @Test
    @Order(8)
    void scalesToZeroAndWakesOnTheNextCall() throws Exception {
        assertThat(send("POST", "/system/scale-function/echo", "{\"serviceName\":\"echo\",\"replicas\":0}", true)
                        .statusCode())
                .isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                        send("GET", "/system/function/echo", null, true).body())
                .doesNotContain("availableReplicas"));
        assertThat(send("GET", "/function/echo", null, false).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/system/function/echo", null, true).body()).contains("\"availableReplicas\":1");
    }

    @Test
    @Order(9)
    void removesTheFunctions() throws Exception {
        assertThat(send(
                                "DELETE",
                                "/system/functions",
                                "{\"functionName\":\"echo\",\"namespace\":\"openfaas-fn\"}",
                                true)
                        .statusCode())
                .isEqualTo(202);
        assertThat(send("DELETE", "/system/functions", "{\"functionName\":\"cat\"}", true)
                        .statusCode())
                .isEqualTo(202);
        assertThat(send("GET", "/system/functions", null, true).body()).isEqualTo("[]");
        assertThat(send("GET", "/function/echo", null, false).statusCode()).isEqualTo(404);
    }

    @Test
    @Order(10)
    void stopsItsFunctionsOnExitAndBringsThemBackAfterARestart() throws Exception {
        assertThat(send("POST", "/system/functions", TestFunctions.echoServer("keeper", ""), true)
                        .statusCode())
                .isEqualTo(202);
        assertThat(send("GET", "/function/keeper/pid", null, false).statusCode())
                .isEqualTo(200);
        // Seen from the gateway: in its sandbox, a replica's own pid is one of its pid namespace.
        List<ProcessHandle> replicas = gateway.process()
                .descendants()
                .filter(p -> p.info().commandLine().orElse("").contains("echo_server.py"))
                .toList();
        assertThat(replicas).isNotEmpty();

        gateway.stop();
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(replicas).noneMatch(ProcessHandle::isAlive));

        gateway.start();
        assertThat(send("GET", "/system/functions", null, true).body()).contains("\"name\":\"keeper\"");
        assertThat(send("GET", "/function/keeper/pid", null, false).statusCode())
                .isEqualTo(200);
    }

    private HttpResponse<String> send(String method, String path, String body, boolean authenticated)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway.uri(path))
                .timeout(Duration.ofSeconds(60))
                .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body));
        if (authenticated) {
            request.header("Authorization", gateway.authorization());
        }
        return http.send(request.build(), BodyHandlers.ofString());
    }

    /** {@code size} zero bytes, generated as they are read, so the test holds none of them. */
    private static final class ZeroStream extends InputStream {
        private long remaining;

        ZeroStream(long size) {
            this.remaining = size;
        }

        @Override
        public int read() {
            return remaining-- > 0 ? 0 : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (remaining <= 0) {
                return -1;
            }
            int n = (int) Math.min(len, remaining);
            java.util.Arrays.fill(b, off, off + n, (byte) 0);
            remaining -= n;
            return n;
        }
    }
}
