package dev.edgeway.kafka.listener;

import static dev.edgeway.kafka.support.SharedBroker.ENVELOPES;
import static dev.edgeway.kafka.support.SharedBroker.REPLIES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.edgeway.kafka.errors.FailureHeaders;
import dev.edgeway.kafka.routing.TopicRoutes;
import dev.edgeway.kafka.support.HttpFunctions;
import dev.edgeway.kafka.support.SharedBroker;
import dev.edgeway.kafka.support.TestDirectory;
import dev.edgeway.kafka.support.Topics;
import dev.edgeway.kafka.support.TriggerIT;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.support.KafkaHeaders;

@TriggerIT
class EnvelopeRoutingIT {

    @Autowired
    HttpFunctions functions;

    @Autowired
    MeterRegistry meters;

    @Autowired
    TestDirectory directory;

    @Autowired
    TopicRoutes routes;

    @Test
    void invokesTheNamedFunctionWithPayloadHeadersAndCallShape() {
        String name = "echo-" + suffix();
        functions.deploy(name);
        send("""
                {"function_name":"%s","namespace":"openfaas-fn","payload":{"id":1},"method":"PUT","path":"/orders/7",
                 "query":"x=1","headers":{"X-Trace":"t1","Connection":"close","X-Call-Id":"forged"}}""".formatted(name));

        await().atMost(Duration.ofSeconds(60))
                .until(() -> !functions.received(name).isEmpty());
        HttpFunctions.Received call = functions.received(name).getFirst();
        assertThat(call.method()).isEqualTo("PUT");
        assertThat(call.pathAndQuery()).isEqualTo("/orders/7?x=1");
        assertThat(call.text()).isEqualTo("{\"id\":1}");
        assertThat(call.header("Content-Type")).isEqualTo("application/json");
        assertThat(call.header("X-Trace")).isEqualTo("t1");
        assertThat(call.header("X-Connector")).isEqualTo("edgeway-kafka");
        assertThat(call.header("X-Call-Id")).startsWith("kafka-envelopes-");
        assertThat(call.header("X-Topic")).isEqualTo(ENVELOPES);
    }

    @Test
    void sendsAStringPayloadAsItsTextAndABase64PayloadAsBytes() {
        String name = "text-" + suffix();
        functions.deploy(name);
        send("{\"function_name\":\"" + name + "\",\"payload\":\"plain words\"}");
        send("{\"function_name\":\"" + name + "\",\"payload_base64\":\"AAEC/w==\"}");

        await().atMost(Duration.ofSeconds(60))
                .until(() -> functions.received(name).size() == 2);
        assertThat(functions.received(name).getFirst().text()).isEqualTo("plain words");
        assertThat(functions.received(name).get(1).body()).containsExactly(0, 1, 2, 0xff);
    }

    @Test
    void writesTheResponseToReplyToKeyedByCallId() {
        String name = "reply-" + suffix();
        functions.deploy(name);
        send("{\"function_name\":\"" + name + "\",\"payload\":\"ping " + name + "\",\"reply_to\":\"" + REPLIES + "\"}");

        ConsumerRecord<byte[], byte[]> reply =
                Topics.awaitRecord(REPLIES, r -> text(r.value()).equals("ping " + name));
        assertThat(text(reply.key())).startsWith("kafka-envelopes-");
        assertThat(Topics.header(reply, ReplyPublisher.STATUS)).isEqualTo("200");
        assertThat(Topics.header(reply, ReplyPublisher.TARGET)).isEqualTo(name);
        assertThat(Topics.header(reply, ReplyPublisher.CONTENT_TYPE)).isEqualTo("text/plain");
    }

    @Test
    void retriesAnUnavailableFunctionUntilItAnswers() {
        String name = "flaky-" + suffix();
        functions.deploy(name, 503, 429);
        send("{\"function_name\":\"" + name + "\",\"payload\":\"again\",\"reply_to\":\"" + REPLIES + "\"}");

        ConsumerRecord<byte[], byte[]> reply =
                Topics.awaitRecord(REPLIES, r -> name.equals(Topics.header(r, ReplyPublisher.TARGET)));
        assertThat(Topics.header(reply, ReplyPublisher.STATUS)).isEqualTo("200");
        assertThat(functions.received(name)).hasSize(3);
        assertThat(meters.get("edgeway.kafka.records.succeeded")
                        .tag("target", name)
                        .counter()
                        .count())
                .isEqualTo(1.0);
        assertThat(meters.get("edgeway.kafka.records.retried")
                        .tag("topic", ENVELOPES)
                        .counter()
                        .count())
                .isGreaterThanOrEqualTo(2.0);
    }

    @Test
    void deadLettersAClientErrorAtOnceWithTheFailureHeaders() {
        String name = "reject-" + suffix();
        functions.deploy(name, 400);
        String key = send("{\"function_name\":\"" + name + "\",\"payload\":\"x\"}");

        ConsumerRecord<byte[], byte[]> dead = awaitDeadLetter(key);
        assertThat(Topics.header(dead, FailureHeaders.REASON)).isEqualTo(name + " answered 400");
        assertThat(Topics.header(dead, FailureHeaders.TARGET)).isEqualTo(name);
        assertThat(Topics.header(dead, FailureHeaders.STATUS)).isEqualTo("400");
        assertThat(Topics.header(dead, FailureHeaders.RESPONSE)).isEqualTo("failed with 400");
        assertThat(Topics.header(dead, FailureHeaders.ATTEMPTS)).isEqualTo("1");
        assertThat(Topics.header(dead, FailureHeaders.RETRYABLE)).isEqualTo("false");
        assertThat(Topics.header(dead, KafkaHeaders.DLT_ORIGINAL_TOPIC)).isEqualTo(ENVELOPES);
        assertThat(dead.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_OFFSET)).isNotNull();
        assertThat(dead.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_PARTITION))
                .isNotNull();
        assertThat(dead.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_TIMESTAMP))
                .isNotNull();
        assertThat(Topics.header(dead, KafkaHeaders.DLT_EXCEPTION_FQCN)).isNotBlank();
        assertThat(text(dead.value())).contains(name);
        assertThat(functions.received(name)).hasSize(1);
        assertThat(meters.get("edgeway.kafka.records.dead.lettered")
                        .tag("target", name)
                        .counter()
                        .count())
                .isEqualTo(1.0);
    }

    @Test
    void deadLettersARecordWhoseReplyTheReplyTopicRefusesAfterOneCall() {
        // The broker refuses a record larger than the topic's max.message.bytes: no retry would pass.
        String name = "verbose-" + suffix();
        functions.deploy(name);
        String payload = "x".repeat(2 * SharedBroker.SMALL_REPLY_BYTES);
        String key = send("{\"function_name\":\"" + name + "\",\"payload\":\"" + payload + "\",\"reply_to\":\""
                + SharedBroker.SMALL_REPLIES + "\"}");

        ConsumerRecord<byte[], byte[]> dead = awaitDeadLetter(key);
        assertThat(Topics.header(dead, FailureHeaders.REASON))
                .startsWith("the reply to " + SharedBroker.SMALL_REPLIES + " was not written: ")
                .contains("RecordTooLargeException");
        assertThat(Topics.header(dead, FailureHeaders.RETRYABLE)).isEqualTo("false");
        assertThat(Topics.header(dead, FailureHeaders.ATTEMPTS)).isEqualTo("1");
        assertThat(functions.received(name)).hasSize(1);
    }

    @Test
    void deadLettersARecordWhoseReplyTheProducerRefusesAfterOneCallAndCommitsIt() {
        // A reply larger than the producer's max.request.size (Kafka's default, 1 MB, here) is refused
        // before it is sent, however often it is tried: the record is a dead letter after one call.
        String name = "wordy-" + suffix();
        functions.deploy(name);
        int replyBytes = 1024 * 1024 + 64 * 1024;
        String key = UUID.randomUUID().toString();
        String envelope = "{\"function_name\":\"" + name + "\",\"payload\":\"x\",\"reply_to\":\"" + REPLIES
                + "\",\"headers\":{\"X-Response-Bytes\":\"" + replyBytes + "\"}}";
        RecordMetadata sent =
                Topics.send(ENVELOPES, key.getBytes(StandardCharsets.UTF_8), envelope.getBytes(StandardCharsets.UTF_8));

        ConsumerRecord<byte[], byte[]> dead = awaitDeadLetter(key);
        assertThat(Topics.header(dead, FailureHeaders.REASON))
                .startsWith("the reply to " + REPLIES + " was not written: ")
                .contains("RecordTooLargeException")
                .contains("max.request.size");
        assertThat(Topics.header(dead, FailureHeaders.RETRYABLE)).isEqualTo("false");
        assertThat(Topics.header(dead, FailureHeaders.ATTEMPTS)).isEqualTo("1");
        assertThat(functions.received(name)).hasSize(1);
        assertThat(Topics.header(dead, FailureHeaders.TARGET)).isEqualTo(name);
        assertThat(Topics.header(dead, FailureHeaders.STATUS)).isEqualTo("200");
        TopicPartition partition = new TopicPartition(ENVELOPES, sent.partition());
        await().atMost(Duration.ofSeconds(30)).until(() -> Topics.committed("trigger-it", partition) > sent.offset());
        assertThat(functions.received(name))
                .as("calls once the record is committed")
                .hasSize(1);
        assertThat(Topics.records(REPLIES))
                .noneMatch(reply -> name.equals(Topics.header(reply, ReplyPublisher.TARGET)));
    }

    @Test
    void deadLettersAFailingFunctionWhenItsAttemptsRunOut() {
        String name = "down-" + suffix();
        functions.deploy(name, 503, 503, 503, 503, 503);
        String key = send("{\"function_name\":\"" + name + "\",\"payload\":\"x\"}");

        ConsumerRecord<byte[], byte[]> dead = awaitDeadLetter(key);
        assertThat(Topics.header(dead, FailureHeaders.STATUS)).isEqualTo("503");
        assertThat(Topics.header(dead, FailureHeaders.ATTEMPTS)).isEqualTo("3");
        assertThat(Topics.header(dead, FailureHeaders.RETRYABLE)).isEqualTo("true");
        assertThat(functions.received(name)).hasSize(3);
    }

    @Test
    void takesAFunctionsOwnAttemptsFromItsAnnotation() {
        String name = "once-" + suffix();
        functions.deploy(name, 503, 503, 503);
        directory.deploy(name, Map.of("com.edgeway.kafka.max-attempts", "1"));
        await().atMost(Duration.ofSeconds(30)).until(() -> routes.function(name).isPresent());
        String key = send("{\"function_name\":\"" + name + "\",\"payload\":\"x\"}");

        ConsumerRecord<byte[], byte[]> dead = awaitDeadLetter(key);
        assertThat(Topics.header(dead, FailureHeaders.ATTEMPTS)).isEqualTo("1");
        assertThat(Topics.header(dead, FailureHeaders.RETRYABLE)).isEqualTo("true");
        assertThat(functions.received(name)).hasSize(1);
        directory.delete(name);
    }

    @Test
    void retriesTheStatusesAFunctionNamesAndNoOthers() {
        String picky = "picky-" + suffix();
        functions.deploy(picky, 409, 409, 503);
        directory.deploy(
                picky,
                Map.of("com.edgeway.kafka.retry-statuses", "409", "com.edgeway.kafka.retry-initial-interval", "20ms"));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> routes.function(picky).isPresent());
        String key = send("{\"function_name\":\"" + picky + "\",\"payload\":\"x\"}");

        // 409 is retried for this function; 503 is not among its statuses, so it is a dead letter at once.
        ConsumerRecord<byte[], byte[]> dead = awaitDeadLetter(key);
        assertThat(Topics.header(dead, FailureHeaders.STATUS)).isEqualTo("503");
        assertThat(Topics.header(dead, FailureHeaders.ATTEMPTS)).isEqualTo("3");
        assertThat(Topics.header(dead, FailureHeaders.RETRYABLE)).isEqualTo("false");
        assertThat(functions.received(picky)).hasSize(3);
        directory.delete(picky);
    }

    @Test
    void deadLettersAnUnknownFunction() {
        String name = "missing-" + suffix();
        String key = send("{\"function_name\":\"" + name + "\",\"payload\":\"x\"}");

        ConsumerRecord<byte[], byte[]> dead = awaitDeadLetter(key);
        assertThat(Topics.header(dead, FailureHeaders.REASON)).isEqualTo(name + " answered 404");
        assertThat(Topics.header(dead, FailureHeaders.ATTEMPTS)).isEqualTo("1");
    }

    @Test
    void deadLettersAPipelineEnvelopeWhenNoPipelineRunnerIsWired() {
        String key = send("{\"pipeline\":\"etl\",\"payload\":\"x\"}");

        ConsumerRecord<byte[], byte[]> dead = awaitDeadLetter(key);
        assertThat(Topics.header(dead, FailureHeaders.REASON)).isEqualTo("pipelines are not available in this gateway");
        assertThat(Topics.header(dead, FailureHeaders.TARGET)).isEqualTo("pipeline etl");
    }

    static ConsumerRecord<byte[], byte[]> awaitDeadLetter(String key) {
        return Topics.awaitRecord(
                ENVELOPES + ".DLT", r -> r.key() != null && text(r.key()).equals(key));
    }

    private static String send(String json) {
        String key = UUID.randomUUID().toString();
        Topics.send(ENVELOPES, key.getBytes(StandardCharsets.UTF_8), json.getBytes(StandardCharsets.UTF_8));
        return key;
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
