package dev.edgeway.kafka.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.edgeway.kafka.support.HttpFunctions;
import dev.edgeway.kafka.support.SharedBroker;
import dev.edgeway.kafka.support.Topics;
import dev.edgeway.kafka.support.TriggerIT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Calls without an answer are retried like the retried statuses: a function that drops the
 * connection, and one that answers only after {@code edgeway.kafka.invoke-timeout} (10 s here).
 */
@TriggerIT
class UnansweredCallIT {

    @Autowired
    HttpFunctions functions;

    @Test
    void retriesAFunctionThatDroppedTheConnection() {
        String name = "dropping-" + UUID.randomUUID().toString().substring(0, 8);
        functions.deploy(name, HttpFunctions.DROP);
        send(name, "after a drop");

        ConsumerRecord<byte[], byte[]> reply = awaitReply("after a drop");
        assertThat(Topics.header(reply, "edgeway-status")).isEqualTo("200");
        assertThat(functions.received(name)).hasSize(2);
    }

    @Test
    void retriesACallThatOutlivedTheInvokeTimeout() {
        String name = "stalling-" + UUID.randomUUID().toString().substring(0, 8);
        functions.deploy(name, HttpFunctions.STALL);
        send(name, "after a stall");

        ConsumerRecord<byte[], byte[]> reply = awaitReply("after a stall");
        assertThat(Topics.header(reply, "edgeway-status")).isEqualTo("200");
        // The stalled call was given up and called again, with the same call id.
        await().atMost(Duration.ofSeconds(30))
                .until(() -> functions.received(name).size() == 2);
        assertThat(functions.received(name))
                .extracting(call -> call.header("X-Call-Id"))
                .containsOnly(functions.received(name).getFirst().header("X-Call-Id"));
    }

    private static void send(String function, String payload) {
        String envelope = "{\"function_name\":\"" + function + "\",\"payload\":\"" + payload + "\",\"reply_to\":\""
                + SharedBroker.REPLIES + "\"}";
        Topics.send(SharedBroker.ENVELOPES, null, envelope.getBytes(StandardCharsets.UTF_8));
    }

    private static ConsumerRecord<byte[], byte[]> awaitReply(String payload) {
        return Topics.awaitRecord(
                SharedBroker.REPLIES, r -> new String(r.value(), StandardCharsets.UTF_8).equals(payload));
    }
}
