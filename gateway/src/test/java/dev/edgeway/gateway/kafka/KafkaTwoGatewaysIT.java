package dev.edgeway.gateway.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.edgeway.gateway.support.PackagedGateway;
import dev.edgeway.gateway.support.TestFunctions;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * Two packaged gateways in one consumer group share a topic's partitions, and while records
 * flow one of them is killed with SIGKILL, the other takes its partitions, and the killed one is
 * started again on its data directory and takes some back: every record produced is answered
 * at least once (on the reply topic), none is dead-lettered, and both gateways called the
 * function, the restarted one after its restart. The group's session timeout is Kafka's smallest (6 s), so
 * the killed gateway's partitions move to the other within seconds.
 */
class KafkaTwoGatewaysIT {

    private static final String REQUESTS = "two-requests";
    private static final String REPLIES = "two-replies";
    private static final Pattern CALLS = Pattern.compile(
            "gateway_function_invocation_total\\{[^}]*code=\"200\",function_name=\"echo.openfaas-fn\"} ([0-9.]+)");

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** An HTTP-mode replica (no fork per call, so the load leaves room for a restart) answering its request's path. */
    private static final String ECHO = """
            {"service":"echo","image":"local","envProcess":"python3 %s","envVars":{"mode":"http"}}""".formatted(TestFunctions.script("echo_server.py"));

    private static final Pattern ANSWERED = Pattern.compile("/record-([0-9]+)");

    private static EmbeddedKafkaKraftBroker broker;
    private static PackagedGateway first;
    private static PackagedGateway second;

    @BeforeAll
    static void start() throws Exception {
        broker = new EmbeddedKafkaKraftBroker(1, 4, REQUESTS, REQUESTS + ".DLT");
        broker.afterPropertiesSet();
        broker.addTopics(new NewTopic(REPLIES, 1, (short) 1));
        first = gateway();
        second = gateway();
        first.startFresh();
        second.startFresh();
        for (PackagedGateway gateway : List.of(first, second)) {
            assertThat(gateway.json("POST", "/system/functions", ECHO).statusCode())
                    .isEqualTo(202);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        for (PackagedGateway gateway : new PackagedGateway[] {first, second}) {
            if (gateway != null) {
                gateway.close();
            }
        }
        if (broker != null) {
            broker.destroy();
        }
    }

    @Test
    // Two starts and a kill on a shared two-core machine: more than the suite's default of 180 s.
    @Timeout(420)
    void answersEveryRecordThroughARebalanceAndAKilledGateway() throws Exception {
        // Both in the group before the load: four partitions, two each.
        await().atMost(Duration.ofMinutes(1))
                .until(() -> assigned(first) + assigned(second) == 4 && assigned(first) > 0 && assigned(second) > 0);

        AtomicBoolean enough = new AtomicBoolean();
        CompletableFuture<Integer> load = CompletableFuture.supplyAsync(() -> produce(enough));
        await().atMost(Duration.ofMinutes(1)).until(() -> calls(first) > 20);
        first.kill();
        await().atMost(Duration.ofMinutes(1)).until(() -> assigned(second) == 4);
        first.start();
        // The load goes on until the restarted gateway has taken partitions back and called the function.
        await().atMost(Duration.ofMinutes(2)).until(() -> calls(first) > 20);
        enough.set(true);
        int sent = load.get(1, TimeUnit.MINUTES);

        Set<Integer> answered = answers(sent, Duration.ofMinutes(2));
        assertThat(answered)
                .as("of %d records sent", sent)
                .containsAll(IntStream.range(0, sent).boxed().toList());
        assertThat(calls(second)).as("calls by the gateway that stayed").isPositive();
        assertThat(first.log() + second.log()).doesNotContain("goes to " + REQUESTS + ".DLT");
    }

    /** Sends records 40 ms apart until {@code enough}, so that they flow through the kill and the restart; answers how many. */
    private static int produce(AtomicBoolean enough) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()),
                new ByteArraySerializer(),
                new ByteArraySerializer())) {
            Long sent = Flux.interval(Duration.ofMillis(40), Schedulers.boundedElastic())
                    .takeWhile(i -> !enough.get())
                    .doOnNext(i -> producer.send(new ProducerRecord<>(
                            REQUESTS,
                            bytes(Long.toString(i)),
                            bytes("{\"function_name\":\"echo\",\"path\":\"/record-" + i
                                    + "\",\"payload\":\"x\",\"reply_to\":\"" + REPLIES + "\"}"))))
                    .count()
                    .block(Duration.ofMinutes(5));
            producer.flush();
            return sent == null ? 0 : sent.intValue();
        }
    }

    /** The records answered on the reply topic, read from its start until {@code count} are there or {@code wait} passed. */
    private static Set<Integer> answers(int count, Duration wait) {
        Set<Integer> answered = new HashSet<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            TopicPartition replies = new TopicPartition(REPLIES, 0);
            consumer.assign(List.of(replies));
            consumer.seekToBeginning(List.of(replies));
            long end = System.nanoTime() + wait.toNanos();
            while (answered.size() < count && System.nanoTime() < end) {
                consumer.poll(Duration.ofMillis(500)).forEach(reply -> {
                    Matcher record = ANSWERED.matcher(GatewayTopics.text(reply.value()));
                    if (record.find()) {
                        answered.add(Integer.parseInt(record.group(1)));
                    }
                });
            }
        }
        return answered;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static PackagedGateway gateway() {
        return new PackagedGateway(
                List.of(PackagedGateway.HEAP),
                "--edgeway.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                "--edgeway.kafka.topics=" + REQUESTS,
                "--edgeway.kafka.group-id=two-gateways",
                "--spring.kafka.consumer.auto-offset-reset=earliest",
                "--spring.kafka.consumer.properties.session.timeout.ms=6000",
                "--spring.kafka.consumer.properties.heartbeat.interval.ms=1000");
    }

    /** How many partitions of the topic the gateway holds now; 0 while it cannot tell. */
    private static int assigned(PackagedGateway gateway) {
        try {
            String status = gateway.get("/system/kafka").body();
            return status.split("\"assigned\":true", -1).length - 1;
        } catch (Exception e) {
            return 0;
        }
    }

    /** The echo calls the gateway answered 200 since it started, from its metrics. */
    private static double calls(PackagedGateway gateway) {
        try {
            String metrics = HTTP.send(
                            HttpRequest.newBuilder(gateway.managementUri("/metrics"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            Matcher matcher = CALLS.matcher(metrics);
            return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
        } catch (Exception e) {
            return 0;
        }
    }
}
