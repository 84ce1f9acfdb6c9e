package dev.edgeway.kafka.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.edgeway.kafka.support.HttpFunctions;
import dev.edgeway.kafka.support.SharedBroker;
import dev.edgeway.kafka.support.Topics;
import dev.edgeway.kafka.support.TriggerTestApplication;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;

/**
 * {@code edgeway.kafka.topic-pattern}: every matching topic is consumed, one created after the
 * trigger started too, and a topic that does not match is not; nor is a dead-letter topic the
 * pattern matches.
 */
@SpringBootTest(
        classes = TriggerTestApplication.class,
        properties = {
            "edgeway.kafka.enabled=true",
            // Matches the dead-letter topics (pattern-a.DLT) too: the trigger must skip those.
            "edgeway.kafka.topic-pattern=pattern-[A-Za-z.]+",
            "edgeway.kafka.group-id=trigger-pattern-it",
            "edgeway.kafka.refresh-interval=200ms",
            "spring.kafka.consumer.auto-offset-reset=earliest",
            // New topics are seen at the next metadata refresh: soon, in a test.
            "spring.kafka.consumer.properties.metadata.max.age.ms=1000",
        })
@ContextConfiguration(initializers = SharedBroker.Initializer.class)
class TopicPatternIT {

    @Autowired
    HttpFunctions functions;

    @Test
    void consumesEveryMatchingTopicIncludingOnesCreatedLater() {
        String name = "patterned-" + UUID.randomUUID().toString().substring(0, 8);
        functions.deploy(name);
        SharedBroker.createTopic("pattern-a", 1);
        send("pattern-a", name, "from a");
        await().atMost(Duration.ofSeconds(60))
                .until(() -> functions.received(name).size() == 1);

        // Created before the later topic: once that one is consumed, this one was seen too.
        SharedBroker.createTopic("pattern-a.DLT", 1);
        send("pattern-a.DLT", name, "a dead letter");
        SharedBroker.createTopic("pattern-later", 1);
        send("pattern-later", name, "from later");
        // Not matched (a digit): never consumed, so it never reaches the function.
        SharedBroker.createTopic("pattern-9", 1);
        send("pattern-9", name, "from 9");
        send("pattern-a", name, "a again");

        await().atMost(Duration.ofSeconds(60))
                .until(() -> functions.received(name).size() == 3);
        assertThat(functions.received(name))
                .extracting(call -> call.header("X-Topic") + ":" + call.text())
                .containsExactlyInAnyOrder("pattern-a:from a", "pattern-later:from later", "pattern-a:a again");
    }

    private static void send(String topic, String function, String payload) {
        String envelope = "{\"function_name\":\"" + function + "\",\"payload\":\"" + payload + "\"}";
        Topics.send(topic, null, envelope.getBytes(StandardCharsets.UTF_8));
    }
}
