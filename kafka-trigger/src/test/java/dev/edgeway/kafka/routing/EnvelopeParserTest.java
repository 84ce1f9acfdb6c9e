package dev.edgeway.kafka.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnvelopeParserTest {

    private final EnvelopeParser parser = new EnvelopeParser();

    @Test
    void readsTheOriginalShapeWithDefaults() {
        Envelope envelope = parse("""
                {"function_name":"echo","namespace":"openfaas-fn","payload":{"a":[1,2]},
                 "headers":{"content-type":"application/json","X-Forwarded-For":"1.2.3.4","Upgrade":"h2c"}}""");

        assertThat(envelope.function()).isEqualTo("echo");
        assertThat(envelope.namespace()).isEqualTo("openfaas-fn");
        assertThat(envelope.method()).isEqualTo("POST");
        assertThat(envelope.path()).isEqualTo("/");
        assertThat(envelope.query()).isNull();
        assertThat(new String(envelope.body(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":[1,2]}");
        assertThat(envelope.headers()).containsOnlyKeys("content-type");
    }

    @Test
    void takesNoExpressionForMoreThanText() {
        Envelope envelope = parse("{\"function_name\":\"echo\",\"payload\":\"${jndi:ldap://x} #{1+1}\"}");

        assertThat(new String(envelope.body(), StandardCharsets.UTF_8)).isEqualTo("${jndi:ldap://x} #{1+1}");
        assertThat(envelope.headers()).isEmpty();
    }

    @Test
    void readsEdgewaysAdditions() {
        Envelope envelope = parse("""
                {"pipeline":"etl.v2","payload_base64":"aGk=","reply_to":"results","method":"get","path":"/x","query":"?a=1"}""");

        assertThat(envelope.function()).isNull();
        assertThat(envelope.pipeline()).isEqualTo("etl.v2");
        assertThat(envelope.body()).isEqualTo("hi".getBytes(StandardCharsets.UTF_8));
        assertThat(envelope.replyTo()).isEqualTo("results");
        assertThat(envelope.method()).isEqualTo("GET");
        assertThat(envelope.query()).isEqualTo("a=1");
        assertThat(envelope.headers()).isEqualTo(java.util.Map.of());
    }

    @Test
    void keepsRepeatedHeaderCase() {
        Envelope envelope = parse("{\"function_name\":\"echo\",\"headers\":{\"X-A\":\"1\"},\"payload\":[1]}");

        assertThat(envelope.headers())
                .containsEntry("X-A", List.of("1"))
                .containsEntry("Content-Type", List.of("application/json"));
    }

    private Envelope parse(String json) {
        return parser.parse(json.getBytes(StandardCharsets.UTF_8));
    }
}
