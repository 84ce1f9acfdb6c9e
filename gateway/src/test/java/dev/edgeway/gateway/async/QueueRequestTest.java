package dev.edgeway.gateway.async;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The stored call keeps faas-provider's {@code QueueRequest} names, so tools reading it find them. */
class QueueRequestTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void usesOpenFaasPascalCaseNamesAndBase64Body() {
        QueueRequest request = new QueueRequest(
                Map.of("X-Call-Id", List.of("c1")),
                "gateway:8080",
                "hi".getBytes(StandardCharsets.UTF_8),
                "POST",
                "/sub",
                "a=1",
                "echo.openfaas-fn",
                "",
                Map.of(),
                Map.of(),
                "http://receiver/done",
                null);

        JsonNode json = JSON.readTree(JSON.writeValueAsBytes(request));

        assertThat(json.propertyNames())
                .contains("Header", "Host", "Body", "Method", "Path", "QueryString", "Function", "CallbackUrl");
        assertThat(json.get("Body").asString()).isEqualTo("aGk=");
        assertThat(json.get("Header").get("X-Call-Id").get(0).asString()).isEqualTo("c1");
        assertThat(JetStreamInvocationQueue.decode(JSON.writeValueAsBytes(request))
                        .callId())
                .isEqualTo("c1");
    }

    @Test
    void namesABodyKeptInTheObjectStoreInsteadOfCarryingIt() {
        QueueRequest request = new QueueRequest(
                Map.of("X-Call-Id", List.of("c2")),
                "",
                new byte[2_000_000],
                "POST",
                "",
                "",
                "echo.openfaas-fn",
                "",
                Map.of(),
                Map.of(),
                null,
                null);

        QueueRequest stored = request.storedIn(new QueueRequest.BodyObject("body.abc", 2_000_000));
        JsonNode json = JSON.readTree(JSON.writeValueAsBytes(stored));

        assertThat(json.has("Body")).isFalse();
        assertThat(json.get("BodyObject").get("Name").asString()).isEqualTo("body.abc");
        assertThat(json.get("BodyObject").get("Size").asLong()).isEqualTo(2_000_000);
        QueueRequest read = JetStreamInvocationQueue.decode(JSON.writeValueAsBytes(stored));
        assertThat(read.bodySize()).isEqualTo(2_000_000);
        assertThat(read.withBody(new byte[] {1}).bodyObject()).isEqualTo(stored.bodyObject());
    }
}
