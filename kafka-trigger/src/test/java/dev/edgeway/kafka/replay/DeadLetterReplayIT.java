package dev.edgeway.kafka.replay;

import static dev.edgeway.kafka.support.SharedBroker.ENVELOPES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.edgeway.kafka.errors.FailureHeaders;
import dev.edgeway.kafka.support.HttpFunctions;
import dev.edgeway.kafka.support.Topics;
import dev.edgeway.kafka.support.TriggerIT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.support.KafkaHeaders;

@TriggerIT
class DeadLetterReplayIT {

    @Autowired
    HttpFunctions functions;

    @Autowired
    DeadLetterReplay replay;

    /**
     * A function that rejected three records is fixed; the letters go back in two replays (a limit
     * of 2, then the rest), each once, and the filter leaves other letters where they are.
     */
    @Test
    void sendsTheLettersOfOneReasonBackOnceWithinTheLimit() {
        String name = "fixed-" + UUID.randomUUID().toString().substring(0, 8);
        functions.deploy(name, 400, 400, 400);
        String other = "absent-" + UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 3; i++) {
            send(name, "letter " + i);
        }
        send(other, "not replayed");
        for (int i = 0; i < 3; i++) {
            String value = "letter " + i;
            awaitDeadLetter(
                    r -> text(r.value()).contains(name) && text(r.value()).contains(value));
        }
        awaitDeadLetter(r -> text(r.value()).contains(other));
        String reason = name + " answered 400";

        ReplayResult first = replay.replay(ENVELOPES, 2, reason, false);
        ReplayResult second = replay.replay(ENVELOPES, 10, reason, false);
        ReplayResult third = replay.replay(ENVELOPES, 10, reason, false);

        assertThat(first.replayed()).isEqualTo(2);
        assertThat(first.deadLetterTopic()).isEqualTo(ENVELOPES + ".DLT");
        assertThat(first.letters()).hasSize(2).allMatch(letter -> letter.startsWith(ENVELOPES + ".DLT-"));
        assertThat(second.replayed()).isEqualTo(1);
        assertThat(first.skipped() + second.skipped())
                .as("the other function's letter, passed over")
                .isGreaterThanOrEqualTo(1);
        assertThat(second.remaining()).isZero();
        assertThat(third.replayed()).isZero();
        // The fixed function answers 200 now: three rejected calls, three replayed ones.
        await().atMost(Duration.ofSeconds(60))
                .until(() -> functions.received(name).size() == 6);
        ConsumerRecord<byte[], byte[]> replayed = Topics.awaitRecord(
                ENVELOPES,
                r -> text(r.value()).contains(name) && r.headers().lastHeader(DeadLetterReplay.REPLAYED_FROM) != null);
        assertThat(replayed.headers().lastHeader(FailureHeaders.REASON)).isNull();
        assertThat(replayed.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_TOPIC))
                .isNull();
        assertThat(Topics.header(replayed, DeadLetterReplay.REPLAYED_FROM)).startsWith(ENVELOPES + ".DLT-");
        assertThat(replayed.key()).isNotNull();
    }

    @Test
    void readsTheDeadLetterTopicFromItsStartAgainWhenAsked() {
        String name = "again-" + UUID.randomUUID().toString().substring(0, 8);
        functions.deploy(name, 400);
        send(name, "once more");
        awaitDeadLetter(r -> text(r.value()).contains(name));
        String reason = name + " answered 400";
        assertThat(replay.replay(ENVELOPES, 10, reason, false).replayed()).isEqualTo(1);

        assertThat(replay.replay(ENVELOPES, 10, reason, true).replayed()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> functions.received(name).size() == 3);
    }

    @Test
    void refusesATopicTheTriggerDoesNotConsume() {
        assertThatThrownBy(() -> replay.replay("elsewhere", 10, null, false))
                .isInstanceOfSatisfying(ReplayRefused.class, refused -> assertThat(refused.reason())
                        .isEqualTo(ReplayRefused.Reason.NOT_CONSUMED))
                .hasMessageContaining("elsewhere");
    }

    private static void send(String function, String payload) {
        String json = "{\"function_name\":\"" + function + "\",\"payload\":\"" + function + " " + payload + "\"}";
        Topics.send(
                ENVELOPES,
                UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8),
                json.getBytes(StandardCharsets.UTF_8));
    }

    private static void awaitDeadLetter(java.util.function.Predicate<ConsumerRecord<byte[], byte[]>> match) {
        Topics.awaitRecord(ENVELOPES + ".DLT", match);
    }

    private static String text(byte[] bytes) {
        return bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
    }
}
