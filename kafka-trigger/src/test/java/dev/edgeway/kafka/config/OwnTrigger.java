package dev.edgeway.kafka.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.edgeway.kafka.support.HttpFunctions;
import dev.edgeway.kafka.support.TriggerTestApplication;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A trigger application of a test's own, configured by {@code properties} for a broker of the
 * test's own: it must consume an envelope that the test produces with {@code client}'s settings
 * and call the function it names with its payload.
 */
final class OwnTrigger {

    private OwnTrigger() {}

    static void consumesAnEnvelope(Properties client, String topic, String function, String... properties)
            throws Exception {
        try (ConfigurableApplicationContext trigger = new SpringApplicationBuilder(TriggerTestApplication.class)
                .web(WebApplicationType.NONE)
                .properties(properties)
                .run()) {
            HttpFunctions functions = trigger.getBean(HttpFunctions.class);
            functions.deploy(function);
            String payload = function + " " + UUID.randomUUID();
            try (KafkaProducer<byte[], byte[]> producer =
                    new KafkaProducer<>(client, new ByteArraySerializer(), new ByteArraySerializer())) {
                String json = "{\"function_name\":\"" + function + "\",\"payload\":\"" + payload + "\"}";
                producer.send(new ProducerRecord<>(topic, json.getBytes(StandardCharsets.UTF_8)))
                        .get(30, TimeUnit.SECONDS);
            }
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> !functions.received(function).isEmpty());
            assertThat(functions.received(function).getFirst().text()).isEqualTo(payload);
        }
    }
}
