package dev.edgeway.sdk.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgeway.sdk.Request;
import dev.edgeway.sdk.support.StubGateway;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class StateClientTest {

    @RegisterExtension
    final StubGateway gateway = new StubGateway();

    @Test
    void defaultsToTheSketchsGatewayUrl() {
        try (StateClient client = StateClient.builder().environment(Map.of()).build()) {
            assertThat(client.gatewayUrl()).hasToString("http://gateway:8080");
        }
    }

    @Test
    void readsGatewayAndCredentialsFromTheEnvironment() throws Exception {
        gateway.problem(404, "task-not-found", "Task not found", "no");
        Map<String, String> env = Map.of(
                "OPENFAAS_GATEWAY_URL", gateway.url() + "/",
                "OPENFAAS_AUTH_USER", "admin",
                "OPENFAAS_AUTH_PASS", "pw");

        try (StateClient client = StateClient.builder().environment(env).build()) {
            client.task("t").metadata();
        }

        StubGateway.Received request = gateway.take();
        assertThat(request.uri()).isEqualTo("/system/storage/tasks/t");
        assertThat(request.header("Authorization")).isEqualTo("Basic YWRtaW46cHc=");
    }

    @Test
    void sendsNoCredentialsWhenNoneAreSet() throws Exception {
        gateway.problem(404, "task-not-found", "Task not found", "no");

        try (StateClient client = StateClient.builder()
                .environment(Map.of("OPENFAAS_GATEWAY_URL", gateway.url()))
                .build()) {
            client.task("t").metadata();
        }

        assertThat(gateway.take().header("Authorization")).isNull();
    }

    @Test
    void refusesHalfTheCredentials() {
        assertThatThrownBy(() -> StateClient.builder()
                        .environment(Map.of("OPENFAAS_AUTH_USER", "admin"))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("only OPENFAAS_AUTH_USER is set");
    }

    @Test
    void refusesAGatewayUrlThatIsNotHttp() {
        assertThatThrownBy(() -> StateClient.builder()
                        .environment(Map.of("OPENFAAS_GATEWAY_URL", "gateway:8080"))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("OPENFAAS_GATEWAY_URL: gateway:8080 (expected: an http or https URL)");
    }

    @Test
    void takesTheTaskFromTheRequestHeader() {
        Request request = Request.of("POST", "/", "", Map.of("x-task-id", List.of("abc")), new byte[0]);

        try (StateClient client =
                StateClient.builder().environment(Map.of("TASK_ID", "fallback")).build()) {
            assertThat(client.task(request).taskId()).isEqualTo("abc");
        }
    }

    @Test
    void fallsBackToTaskIdFromTheEnvironment() {
        Request request = Request.of("POST", "/", "", Map.of(), new byte[0]);

        try (StateClient client =
                StateClient.builder().environment(Map.of("TASK_ID", "fallback")).build()) {
            assertThat(client.task(request).taskId()).isEqualTo("fallback");
        }
    }

    @Test
    void refusesARequestWithoutATask() {
        Request request = Request.of("POST", "/", "", Map.of(), new byte[0]);

        try (StateClient client = StateClient.builder().environment(Map.of()).build()) {
            assertThatThrownBy(() -> client.task(request))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("X-Task-ID: absent");
        }
    }

    @Test
    void unreachableGatewayIsUnavailableWithoutStatus() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        try (StateClient client = StateClient.builder()
                .environment(Map.of())
                .gatewayUrl("http://127.0.0.1:" + port)
                .build()) {
            assertThatThrownBy(() -> client.task("t").put("x", 1))
                    .isInstanceOfSatisfying(StateUnavailableException.class, e -> {
                        assertThat(e.status()).isZero();
                        assertThat(e.detail()).startsWith("no response from http://127.0.0.1:" + port);
                        assertThat(e.retryAfter()).isEmpty();
                    });
        }
    }

    @Test
    void neverPrintsCredentials() {
        try (StateClient client = StateClient.builder()
                .environment(Map.of())
                .basicAuth("admin", "secret")
                .build()) {
            assertThat(client.toString()).doesNotContain("secret");
        }
    }
}
