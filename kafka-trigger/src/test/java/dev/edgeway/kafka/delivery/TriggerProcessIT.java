package dev.edgeway.kafka.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.edgeway.kafka.support.HttpFunctions;
import dev.edgeway.kafka.support.Load;
import dev.edgeway.kafka.support.SharedBroker;
import dev.edgeway.kafka.support.TriggerProcess;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Gateways as processes of their own, in one consumer group on the shared broker: one killed
 * with {@code kill -9} under load and another started, and a second one joining under load (a
 * rebalance). Counted each time: every record the broker acknowledged reached the function at
 * least once, none lost.
 */
class TriggerProcessIT {

    private static final HttpFunctions FUNCTIONS = new HttpFunctions();

    @AfterAll
    static void close() {
        FUNCTIONS.close();
    }

    @Test
    void losesNoRecordWhenATriggerProcessIsKilledUnderLoad() throws Exception {
        String topic = "kills";
        SharedBroker.createTopic(topic, 2);
        FUNCTIONS.deploy("survivor");
        Process first = TriggerProcess.start("killed", topic, "kill-it", FUNCTIONS);
        Process second = null;
        // 20 records a second until the restarted process has taken over: a few hundred in all.
        try (Load load = new Load(SharedBroker.bootstrapServers(), topic, "survivor", 3000, 50)) {
            await().atMost(Duration.ofMinutes(2)).until(() -> calls("survivor", "killed") >= 40);

            TriggerProcess.kill(first);
            int beforeTheKill = calls("survivor", "killed");
            second = TriggerProcess.start("restarted", topic, "kill-it", FUNCTIONS);
            await().atMost(Duration.ofMinutes(2)).until(() -> calls("survivor", "restarted") >= 20);
            load.stop();

            Set<String> acknowledged = load.awaitAcknowledged(1, TimeUnit.MINUTES);
            await().atMost(Duration.ofMinutes(2))
                    .untilAsserted(() ->
                            assertThat(Load.ids(FUNCTIONS.received("survivor"))).containsAll(acknowledged));
            assertThat(beforeTheKill).as("calls before the kill").isLessThan(acknowledged.size());
        } finally {
            TriggerProcess.kill(first);
            if (second != null) {
                TriggerProcess.stop(second);
            }
        }
    }

    @Test
    void sharesThePartitionsWithAProcessThatJoinsUnderLoad() throws Exception {
        String topic = "rebalances";
        SharedBroker.createTopic(topic, 2);
        FUNCTIONS.deploy("shared");
        Process first = TriggerProcess.start("first", topic, "rebalance-it", FUNCTIONS);
        Process second = null;
        try (Load load = new Load(SharedBroker.bootstrapServers(), topic, "shared", 3000, 50)) {
            await().atMost(Duration.ofMinutes(2)).until(() -> calls("shared", "first") >= 40);

            second = TriggerProcess.start("second", topic, "rebalance-it", FUNCTIONS);
            await().atMost(Duration.ofMinutes(2)).until(() -> calls("shared", "second") >= 20);
            int firstAtJoin = calls("shared", "first");
            // After the rebalance the first keeps one partition and goes on with it.
            await().atMost(Duration.ofMinutes(1)).until(() -> calls("shared", "first") > firstAtJoin + 10);
            load.stop();

            Set<String> acknowledged = load.awaitAcknowledged(1, TimeUnit.MINUTES);
            await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> assertThat(Load.ids(FUNCTIONS.received("shared")))
                    .containsAll(acknowledged));
        } finally {
            TriggerProcess.stop(first);
            if (second != null) {
                TriggerProcess.stop(second);
            }
        }
    }

    private static int calls(String function, String process) {
        List<HttpFunctions.Received> received = FUNCTIONS.received(function);
        return (int) received.stream()
                .filter(call -> process.equals(call.header(TriggerProcess.PROCESS_HEADER)))
                .count();
    }
}
