package dev.edgeway.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FunctionServerTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private FunctionServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        http.close();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    @Test
    void passesTheWholeRequestToTheFunction() throws Exception {
        AtomicReference<Request> seen = new AtomicReference<>();
        server = FunctionServer.builder(request -> {
                    seen.set(request);
                    return Response.ok("ok");
                })
                .port(0)
                .start();

        send(HttpRequest.newBuilder(uri("/items/1?a=1&b=x%20y"))
                .header("X-Task-ID", "task-7")
                .POST(HttpRequest.BodyPublishers.ofString("{\"step\":\"start\"}")));

        Request request = seen.get();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/items/1");
        assertThat(request.query()).isEqualTo("a=1&b=x%20y");
        assertThat(request.taskId()).contains("task-7");
        assertThat(request.header("x-task-id")).contains("task-7");
        assertThat(request.bodyAsString()).isEqualTo("{\"step\":\"start\"}");
    }

    @Test
    void sendsTheFunctionsStatusHeadersAndBody() throws Exception {
        server = FunctionServer.builder(
                        request -> Response.json(201, "{\"ok\":true}").withHeader("X-Step", "2"))
                .port(0)
                .start();

        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/")));

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(response.headers().firstValue("X-Step")).contains("2");
        assertThat(response.body()).isEqualTo("{\"ok\":true}");
    }

    @Test
    void answersEmptyResponsesWithoutBody() throws Exception {
        server = FunctionServer.builder(request -> Response.status(204)).port(0).start();

        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/")).DELETE());

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(response.body()).isEmpty();
    }

    @Test
    void aFailingFunctionIsA500WithoutItsMessage() throws Exception {
        server = FunctionServer.builder(request -> {
                    throw new IllegalStateException("secret detail");
                })
                .port(0)
                .start();

        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/")));

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).isEqualTo("function failed; see the function's log");
    }

    @Test
    void refusesBodiesAboveTheLimit() throws Exception {
        server = FunctionServer.builder(request -> Response.ok("called"))
                .port(0)
                .maxRequestSize(10)
                .start();

        HttpResponse<String> response =
                send(HttpRequest.newBuilder(uri("/")).POST(HttpRequest.BodyPublishers.ofString("x".repeat(11))));

        assertThat(response.statusCode()).isEqualTo(413);
    }

    @Test
    void takesThePortFromPortThenUpstreamUrl() {
        assertThat(FunctionServer.Builder.portFromEnvironment(
                        Map.of("PORT", "9001", "upstream_url", "http://127.0.0.1:9002")))
                .isEqualTo(9001);
        assertThat(FunctionServer.Builder.portFromEnvironment(Map.of("upstream_url", "http://127.0.0.1:9002")))
                .isEqualTo(9002);
        assertThat(FunctionServer.Builder.portFromEnvironment(Map.of())).isEqualTo(8082);
    }

    @Test
    void refusesAnUnreadablePort() {
        assertThatThrownBy(() -> FunctionServer.Builder.portFromEnvironment(Map.of("PORT", "http")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("PORT: http (expected: 0 to 65535)");
    }

    @Test
    void listensOnThePortFromTheEnvironment() throws Exception {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        server = FunctionServer.builder(request -> Response.ok("hi"))
                .environment(Map.of("PORT", String.valueOf(port)))
                .start();

        assertThat(server.port()).isEqualTo(port);
        assertThat(send(HttpRequest.newBuilder(uri("/"))).body()).isEqualTo("hi");
    }
}
