package dev.edgeway.kafka.listener;

import static dev.edgeway.kafka.support.SharedBroker.ENVELOPES;
import static org.assertj.core.api.Assertions.assertThat;

import dev.edgeway.kafka.errors.FailureHeaders;
import dev.edgeway.kafka.support.Topics;
import dev.edgeway.kafka.support.TriggerIT;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every kind of malformed record goes to the dead-letter topic at once, with its reason; the consumer goes on. */
@TriggerIT
class MalformedRecordIT {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "not json at all                                     | malformed record: not JSON",
                "[1, 2]                                              | malformed record: not a JSON object",
                "{\"payload\": 1}                                    | malformed record: missing function_name",
                "{\"function_name\": 5}                              | function_name: a JSON number (expected: a string)",
                "{\"function_name\": \"Bad Name\"}                   | function_name: \"Bad Name\" (expected:",
                "{\"function_name\": \"f\", \"headers\": [1]}         | headers: not an object",
                "{\"function_name\": \"f\", \"headers\": {\"a\": 1}}  | headers.a: not a string",
                "{\"function_name\": \"f\", \"method\": \"BREW\"}     | method: BREW (expected: one of",
                "{\"function_name\": \"f\", \"path\": \"/../etc\"}    | path: \"/../etc\"",
                "{\"function_name\": \"f\", \"payload_base64\": \"!\"} | payload_base64: not base64",
                "{\"function_name\": \"f\", \"reply_to\": \"a b\"}    | reply_to: \"a b\"",
                "{\"function_name\": \"f\", \"pipeline\": \"p\"}      | both function_name and pipeline",
            })
    void deadLettersAMalformedEnvelopeWithItsReason(String value, String reason) {
        ConsumerRecord<byte[], byte[]> dead = sendAndAwaitDeadLetter(value.getBytes(StandardCharsets.UTF_8));

        assertThat(Topics.header(dead, FailureHeaders.REASON)).contains(reason);
        assertThat(Topics.header(dead, FailureHeaders.ATTEMPTS)).isEqualTo("1");
        assertThat(dead.value()).isEqualTo(value.getBytes(StandardCharsets.UTF_8));
    }

    @org.junit.jupiter.api.Test
    void deadLettersATombstone() {
        ConsumerRecord<byte[], byte[]> dead = sendAndAwaitDeadLetter(null);

        assertThat(Topics.header(dead, FailureHeaders.REASON))
                .isEqualTo("malformed record: a tombstone (expected: a value)");
    }

    @org.junit.jupiter.api.Test
    void deadLettersAnOversizedRecord() {
        ConsumerRecord<byte[], byte[]> dead = sendAndAwaitDeadLetter(new byte[64 * 1024 + 1]);

        assertThat(Topics.header(dead, FailureHeaders.REASON)).startsWith("malformed record: oversized: 65537 bytes");
    }

    private static ConsumerRecord<byte[], byte[]> sendAndAwaitDeadLetter(byte[] value) {
        String key = UUID.randomUUID().toString();
        Topics.send(ENVELOPES, key.getBytes(StandardCharsets.UTF_8), value);
        return EnvelopeRoutingIT.awaitDeadLetter(key);
    }
}
