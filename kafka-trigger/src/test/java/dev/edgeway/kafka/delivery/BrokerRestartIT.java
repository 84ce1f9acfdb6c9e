package dev.edgeway.kafka.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.edgeway.kafka.support.HttpFunctions;
import dev.edgeway.kafka.support.Load;
import dev.edgeway.kafka.support.OwnBroker;
import dev.edgeway.kafka.support.TriggerTestApplication;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import kafka.server.BrokerServer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The broker stops and starts again while records flow: the trigger reconnects on its own, and
 * every record the broker acknowledged reaches its function at least once. On a broker of its own
 * ({@link OwnBroker}, on a fixed port, so that clients find it again after the restart).
 */
@SpringBootTest(
        classes = TriggerTestApplication.class,
        properties = {
            "edgeway.kafka.enabled=true",
            "edgeway.kafka.topics=" + BrokerRestartIT.TOPIC,
            "edgeway.kafka.group-id=restart-it",
            "edgeway.kafka.concurrency=2",
            "edgeway.kafka.refresh-interval=200ms",
            "edgeway.kafka.retry.initial-interval=100ms",
            "edgeway.kafka.retry.max-interval=300ms",
            "spring.kafka.consumer.auto-offset-reset=earliest",
        })
@DirtiesContext
class BrokerRestartIT {

    static final String TOPIC = "restarts";

    static final EmbeddedKafkaKraftBroker BROKER = OwnBroker.start(Map.of(), TOPIC, TOPIC + ".DLT");

    @Autowired
    HttpFunctions functions;

    @DynamicPropertySource
    static void broker(DynamicPropertyRegistry registry) {
        registry.add("edgeway.kafka.bootstrap-servers", BROKER::getBrokersAsString);
    }

    @Test
    void deliversEveryAcknowledgedRecordAcrossABrokerRestart() throws Exception {
        String function = "steady";
        functions.deploy(function);
        try (Load load = new Load(BROKER.getBrokersAsString(), TOPIC, function, 600, 20)) {
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> functions.received(function).size() >= 60);

            BrokerServer broker =
                    BROKER.getCluster().brokers().values().iterator().next();
            broker.shutdown();
            broker.awaitShutdown();
            int beforeTheStop = functions.received(function).size();
            int sentAtStop = load.sent();
            // Down for as long as a start takes: the producer holds (or blocks on) its records meanwhile.
            broker.startup();

            await().atMost(Duration.ofMinutes(1)).until(() -> load.sent() == 600);
            Set<String> acknowledged = load.awaitAcknowledged(3, TimeUnit.MINUTES);
            assertThat(acknowledged).hasSize(600);
            await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> assertThat(Load.ids(functions.received(function)))
                    .containsAll(acknowledged));
            assertThat(beforeTheStop).as("calls before the stop").isLessThan(acknowledged.size());
            assertThat(sentAtStop).as("records sent before the stop").isLessThan(600);
        }
    }
}
