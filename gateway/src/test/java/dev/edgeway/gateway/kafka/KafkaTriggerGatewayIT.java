package dev.edgeway.gateway.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.edgeway.gateway.EdgewayApplication;
import dev.edgeway.gateway.auth.BasicAuthCredentials;
import dev.edgeway.gateway.support.SystemApi;
import dev.edgeway.gateway.support.TestFunctions;
import dev.edgeway.kafka.routing.TopicRoutes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpMethod;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The Kafka trigger inside the real gateway: records reach local functions through the one
 * invocation path (provider lookup, metrics), and unknown functions are dead-lettered. The one
 * gateway context with the trigger on, on its own in-JVM KRaft broker.
 */
@SpringBootTest(
        classes = EdgewayApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "management.server.port=0",
            "edgeway.gateway.data-dir=target/it-data/${random.uuid}",
            "edgeway.gateway.local.secret-mount-path=target/it-secrets/${random.uuid}",
            "edgeway.gateway.upstream-timeout=3s",
            "edgeway.gateway.scaling.ready-timeout=10s",
            "edgeway.kafka.topics=" + KafkaTriggerGatewayIT.ENVELOPES + "," + KafkaTriggerGatewayIT.ORDERS,
            "edgeway.kafka.refresh-interval=200ms",
            "edgeway.kafka.retry.max-attempts=2",
            "edgeway.kafka.retry.initial-interval=100ms",
            "spring.kafka.consumer.auto-offset-reset=earliest",
            "logging.level.org.apache.kafka=WARN",
        })
@AutoConfigureWebTestClient(timeout = "PT30S")
// No other class shares this context: close it after the class, so its consumer does not poll on through the suite.
@DirtiesContext
class KafkaTriggerGatewayIT {

    static final String ENVELOPES = "gw-envelopes";
    static final String ORDERS = "gw-orders";
    static final String REPLIES = "gw-replies";

    static final EmbeddedKafkaKraftBroker BROKER = start();

    @Autowired
    WebTestClient client;

    @Autowired
    BasicAuthCredentials credentials;

    @Autowired
    TopicRoutes routes;

    @LocalManagementPort
    int managementPort;

    @DynamicPropertySource
    static void broker(DynamicPropertyRegistry registry) {
        // Setting the brokers is what switches the trigger on.
        registry.add("edgeway.kafka.bootstrap-servers", BROKER::getBrokersAsString);
    }

    @Test
    void invokesALocalFunctionNamedByAnEnvelopeAndRepliesWithItsOutput() {
        new SystemApi(client, credentials).deploy(TestFunctions.classic("kafka-cat", "cat"));
        String payload = "hello " + UUID.randomUUID();
        send(
                ENVELOPES,
                "{\"function_name\":\"kafka-cat\",\"payload\":\"" + payload + "\",\"reply_to\":\"" + REPLIES + "\"}");

        ConsumerRecord<byte[], byte[]> reply =
                awaitRecord(REPLIES, r -> text(r.value()).equals(payload));
        assertThat(header(reply, "edgeway-status")).isEqualTo("200");
        assertThat(header(reply, "edgeway-target")).isEqualTo("kafka-cat");
        // Counted under the OpenFaaS names, as a call of /function/kafka-cat is.
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(
                        () -> assertThat(scrape())
                                .containsPattern(
                                        "gateway_function_invocation_total\\{[^}]*code=\"200\",function_name=\"kafka-cat.openfaas-fn\"}"));
    }

    @Test
    void deliversAnAnnotatedTopicToItsFunction() {
        new SystemApi(client, credentials).deploy("""
                {"service":"kafka-orders","image":"local","envProcess":"cat",
                 "annotations":{"topic":"%s","com.edgeway.kafka.reply-topic":"%s"}}""".formatted(ORDERS, REPLIES));
        String raw = "order " + UUID.randomUUID();

        // Until the trigger has read the annotation, a record of the topic is an envelope (and dead-lettered).
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !routes.subscribers(ORDERS).isEmpty());
        send(ORDERS, raw);

        ConsumerRecord<byte[], byte[]> reply =
                awaitRecord(REPLIES, r -> text(r.value()).equals(raw));
        assertThat(header(reply, "edgeway-target")).isEqualTo("kafka-orders");
    }

    @Test
    void runsAPipelineNamedByAnEnvelope() {
        SystemApi api = new SystemApi(client, credentials);
        api.deploy(TestFunctions.classic("kafka-step", "cat"));
        api.send(
                        HttpMethod.PUT,
                        "/system/pipelines/kafka-pipe",
                        "{\"name\":\"kafka-pipe\",\"steps\":[{\"id\":\"copy\",\"function\":\"kafka-step\"}]}")
                .expectStatus()
                .isCreated();
        String input = "through the pipeline " + UUID.randomUUID();
        send(ENVELOPES, "{\"pipeline\":\"kafka-pipe\",\"payload\":\"" + input + "\",\"reply_to\":\"" + REPLIES + "\"}");

        ConsumerRecord<byte[], byte[]> reply =
                awaitRecord(REPLIES, r -> text(r.value()).equals(input));
        assertThat(header(reply, "edgeway-target")).isEqualTo("pipeline kafka-pipe");
        assertThat(header(reply, "edgeway-status")).isEqualTo("200");
    }

    @Test
    void deadLettersAnEnvelopeForAnUnknownPipeline() {
        String marker = UUID.randomUUID().toString();
        send(ENVELOPES, "{\"pipeline\":\"no-such-pipe\",\"payload\":\"" + marker + "\"}");

        ConsumerRecord<byte[], byte[]> dead =
                awaitRecord(ENVELOPES + ".DLT", r -> text(r.value()).contains(marker));
        assertThat(header(dead, "edgeway-dlt-status")).isEqualTo("404");
        assertThat(header(dead, "edgeway-dlt-target")).isEqualTo("pipeline no-such-pipe");
    }

    @Test
    void deadLettersAnEnvelopeForAnUnknownFunction() {
        String marker = UUID.randomUUID().toString();
        send(ENVELOPES, "{\"function_name\":\"no-such-fn\",\"payload\":\"" + marker + "\"}");

        ConsumerRecord<byte[], byte[]> dead =
                awaitRecord(ENVELOPES + ".DLT", r -> text(r.value()).contains(marker));
        assertThat(header(dead, "edgeway-dlt-status")).isEqualTo("404");
        assertThat(header(dead, "edgeway-dlt-reason")).isEqualTo("no-such-fn answered 404");
        assertThat(header(dead, "edgeway-dlt-attempts")).isEqualTo("1");
    }

    private String scrape() {
        return WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + managementPort)
                .build()
                .get()
                .uri("/metrics")
                .exchange()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
    }

    private static EmbeddedKafkaKraftBroker start() {
        EmbeddedKafkaKraftBroker broker =
                new EmbeddedKafkaKraftBroker(1, 1, ENVELOPES, ORDERS, REPLIES, ENVELOPES + ".DLT", ORDERS + ".DLT");
        broker.afterPropertiesSet();
        // Stopped with the JVM: the context closes first (see @DirtiesContext) and commits on its way out.
        Runtime.getRuntime().addShutdownHook(new Thread(broker::destroy, "gateway-it-broker-stop"));
        return broker;
    }

    private static void send(String topic, String value) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER.getBrokersAsString()),
                new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, value.getBytes(StandardCharsets.UTF_8)))
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot send to " + topic, e);
        }
    }

    private static ConsumerRecord<byte[], byte[]> awaitRecord(
            String topic, Predicate<ConsumerRecord<byte[], byte[]>> match) {
        List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60)).until(() -> read(topic, match, Duration.ofSeconds(2), found));
        return found.getFirst();
    }

    /** Reads the topic from its start for {@code wait}, collecting matches. */
    private static boolean read(
            String topic,
            Predicate<ConsumerRecord<byte[], byte[]>> match,
            Duration wait,
            List<ConsumerRecord<byte[], byte[]>> found) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        BROKER.getBrokersAsString(),
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "reader-" + UUID.randomUUID()),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = System.nanoTime() + wait.toNanos();
            while (found.isEmpty() && System.nanoTime() < end) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (match.test(r)) {
                        found.add(r);
                    }
                });
            }
            return !found.isEmpty();
        }
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
    }
}
