package dev.edgeway.kafka.listener;

import static dev.edgeway.kafka.support.SharedBroker.ORDERS;
import static dev.edgeway.kafka.support.SharedBroker.REPLIES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.edgeway.kafka.routing.TopicRoutes;
import dev.edgeway.kafka.support.HttpFunctions;
import dev.edgeway.kafka.support.TestDirectory;
import dev.edgeway.kafka.support.Topics;
import dev.edgeway.kafka.support.TriggerIT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The connector convention: functions annotated {@code topic: ...} receive every record of those topics. */
@TriggerIT
class TopicAnnotationIT {

    @Autowired
    HttpFunctions functions;

    @Autowired
    TestDirectory directory;

    @Autowired
    TopicRoutes routes;

    private final String first = "orders-" + UUID.randomUUID().toString().substring(0, 8);
    private final String second = "audit-" + UUID.randomUUID().toString().substring(0, 8);

    @AfterEach
    void undeploy() {
        directory.delete(first);
        directory.delete(second);
    }

    @Test
    void deliversTheRawValueWithTheRecordsCoordinates() {
        deploy(first, Map.of("topic", "other, " + ORDERS));
        String marker = "raw " + first;
        Topics.send(ORDERS, "k1".getBytes(StandardCharsets.UTF_8), marker.getBytes(StandardCharsets.UTF_8));

        await().atMost(Duration.ofSeconds(60)).until(() -> functions.received(first).stream()
                .anyMatch(r -> r.text().equals(marker)));
        HttpFunctions.Received call = functions.received(first).stream()
                .filter(r -> r.text().equals(marker))
                .findFirst()
                .orElseThrow();
        assertThat(call.method()).isEqualTo("POST");
        assertThat(call.header("X-Topic")).isEqualTo(ORDERS);
        assertThat(call.header("X-Kafka-Key")).isEqualTo("k1");
        assertThat(call.header("X-Kafka-Key-Encoding")).isNull();
        assertThat(call.header("X-Kafka-Partition")).isIn("0", "1");
        assertThat(call.header("X-Kafka-Offset")).isNotBlank();
        assertThat(call.header("X-Kafka-Timestamp")).isNotBlank();
        assertThat(call.header("X-Connector")).isEqualTo("edgeway-kafka");
        assertThat(call.header("X-Call-Id"))
                .isEqualTo("kafka-orders-" + call.header("X-Kafka-Partition") + "-" + call.header("X-Kafka-Offset"));
    }

    @Test
    void sendsAKeyThatIsNotUtf8AsBase64() {
        deploy(first, Map.of("topic", ORDERS));
        byte[] key = {(byte) 0xff, (byte) 0xfe, 0};
        String marker = "binary key " + first;
        Topics.send(ORDERS, key, marker.getBytes(StandardCharsets.UTF_8));

        await().atMost(Duration.ofSeconds(60)).until(() -> functions.received(first).stream()
                .anyMatch(r -> r.text().equals(marker)));
        HttpFunctions.Received call = functions.received(first).getFirst();
        assertThat(call.header("X-Kafka-Key")).isEqualTo(Base64.getEncoder().encodeToString(key));
        assertThat(call.header("X-Kafka-Key-Encoding")).isEqualTo("base64");
    }

    @Test
    void followsARedeployThatMovesTheTopicToAnotherFunction() {
        deploy(first, Map.of("topic", ORDERS));
        String before = "before " + first;
        Topics.send(ORDERS, null, before.getBytes(StandardCharsets.UTF_8));
        await().atMost(Duration.ofSeconds(60))
                .until(() -> !functions.received(first).isEmpty());

        directory.delete(first);
        deploy(second, Map.of("topic", ORDERS));
        awaitSubscribers(second);
        Topics.send(ORDERS, null, ("after " + second).getBytes(StandardCharsets.UTF_8));

        await().atMost(Duration.ofSeconds(60))
                .until(() -> !functions.received(second).isEmpty());
        assertThat(functions.received(first)).allMatch(r -> r.text().equals(before));
    }

    @Test
    void repliesToTheAnnotatedReplyTopic() {
        deploy(first, Map.of("topic", ORDERS, TriggerListener.REPLY_TOPIC_ANNOTATION, REPLIES));
        String marker = "answer me " + first;
        Topics.send(ORDERS, null, marker.getBytes(StandardCharsets.UTF_8));

        ConsumerRecord<byte[], byte[]> reply =
                Topics.awaitRecord(REPLIES, r -> new String(r.value(), StandardCharsets.UTF_8).equals(marker));
        assertThat(Topics.header(reply, ReplyPublisher.TARGET)).isEqualTo(first);
        assertThat(new String(reply.key(), StandardCharsets.UTF_8)).startsWith("kafka-orders-");
    }

    private void deploy(String name, Map<String, String> annotations) {
        functions.deploy(name);
        directory.deploy(name, annotations);
        awaitSubscribers(name);
    }

    /** Until the refresher has read the change: the topic's subscribers are exactly {@code name}. */
    private void awaitSubscribers(String name) {
        await().atMost(Duration.ofSeconds(30)).until(() -> routes.subscribers(ORDERS).stream()
                .map(f -> f.name())
                .toList()
                .equals(java.util.List.of(name)));
    }
}
