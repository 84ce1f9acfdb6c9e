package dev.edgeway.kafka.listener;

import dev.edgeway.kafka.invoke.DeployedFunction;
import dev.edgeway.kafka.invoke.TriggerCall;
import dev.edgeway.kafka.routing.Envelope;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Builds the calls a record makes: one per annotated function, or the one its envelope names. */
final class RecordCalls {

    static final String CONNECTOR = "edgeway-kafka";

    // Call ids start with "kafka-", derived ones with "kafka_": the two kinds never meet.
    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");

    private RecordCalls() {}

    /** {@code kafka-<topic>-<partition>-<offset>}: the same for every delivery of one record. */
    static String callId(ConsumerRecord<?, ?> record) {
        return "kafka-" + record.topic() + "-" + record.partition() + "-" + record.offset();
    }

    /**
     * The run id of a pipeline started by the record: its call id when that is a valid run id
     * ({@code [A-Za-z0-9_-]}, at most 128), else {@code kafka_} and a name-based UUID of it (a
     * topic may hold dots, and be long). The same for every delivery; never the id of another record.
     */
    static String runId(String callId) {
        if (RUN_ID.matcher(callId).matches()) {
            return callId;
        }
        return "kafka_" + UUID.nameUUIDFromBytes(callId.getBytes(StandardCharsets.UTF_8));
    }

    /** The connector convention: the raw value as body, the record's coordinates as headers. */
    static TriggerCall annotated(ConsumerRecord<byte[], byte[]> record, DeployedFunction function, String callId) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("X-Topic", List.of(record.topic()));
        headers.put("X-Kafka-Partition", List.of(Integer.toString(record.partition())));
        headers.put("X-Kafka-Offset", List.of(Long.toString(record.offset())));
        headers.put("X-Kafka-Timestamp", List.of(Long.toString(record.timestamp())));
        if (record.key() != null) {
            String text = utf8(record.key());
            if (text != null) {
                headers.put("X-Kafka-Key", List.of(text));
            } else {
                headers.put("X-Kafka-Key", List.of(Base64.getEncoder().encodeToString(record.key())));
                headers.put("X-Kafka-Key-Encoding", List.of("base64"));
            }
        }
        common(headers);
        byte[] body = record.value() == null ? new byte[0] : record.value();
        return new TriggerCall(function.name(), function.namespace(), "POST", "/", null, headers, body, callId);
    }

    static TriggerCall enveloped(Envelope envelope, String topic, String callId) {
        Map<String, List<String>> headers = new LinkedHashMap<>(envelope.headers());
        headers.put("X-Topic", List.of(topic));
        common(headers);
        return new TriggerCall(
                envelope.function() == null ? "" : envelope.function(),
                envelope.namespace(),
                envelope.method(),
                envelope.path(),
                envelope.query(),
                headers,
                envelope.body(),
                callId);
    }

    /** The call id travels as {@link TriggerCall#callId()}: the gateway names its header, once. */
    private static void common(Map<String, List<String>> headers) {
        headers.put("X-Connector", List.of(CONNECTOR));
    }

    /** The key as text when it is valid UTF-8, else null (a header cannot carry arbitrary bytes). */
    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
