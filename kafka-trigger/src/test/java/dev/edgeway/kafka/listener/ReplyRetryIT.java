package dev.edgeway.kafka.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.edgeway.kafka.status.LastError;
import dev.edgeway.kafka.support.HttpFunctions;
import dev.edgeway.kafka.support.OwnBroker;
import dev.edgeway.kafka.support.Topics;
import dev.edgeway.kafka.support.TriggerTestApplication;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A reply write that fails for a reason that may pass is retried, and the record is committed only
 * once its reply is written. The reply topic does not exist yet, on a broker of the test's own that
 * creates no topic on its own: the producer finds no metadata for it (Kafka's retriable
 * {@code UNKNOWN_TOPIC_OR_PARTITION}) until the test creates it.
 */
@SpringBootTest(
        classes = TriggerTestApplication.class,
        properties = {
            "edgeway.kafka.enabled=true",
            "edgeway.kafka.topics=" + ReplyRetryIT.TOPIC,
            "edgeway.kafka.group-id=" + ReplyRetryIT.GROUP,
            // Also how long a reply write may take.
            "edgeway.kafka.invoke-timeout=2s",
            "edgeway.kafka.retry.max-attempts=10",
            "edgeway.kafka.retry.initial-interval=100ms",
            "edgeway.kafka.retry.max-interval=300ms",
            "edgeway.kafka.retry.jitter=10ms",
            "spring.kafka.consumer.auto-offset-reset=earliest",
        })
@DirtiesContext
class ReplyRetryIT {

    static final String TOPIC = "reply-retry";
    static final String GROUP = "reply-retry-it";
    private static final String REPLIES = "late-replies";

    static final EmbeddedKafkaKraftBroker BROKER =
            OwnBroker.start(Map.of("auto.create.topics.enable", "false"), TOPIC, TOPIC + ".DLT");

    @Autowired
    HttpFunctions functions;

    @Autowired
    MeterRegistry meters;

    @Autowired
    LastError errors;

    @DynamicPropertySource
    static void broker(DynamicPropertyRegistry registry) {
        registry.add("edgeway.kafka.bootstrap-servers", BROKER::getBrokersAsString);
    }

    @Test
    void retriesAReplyToATopicNotCreatedYetAndCommitsTheRecordOnlyOnceItsReplyIsWritten() throws Exception {
        functions.deploy("answers");
        functions.deploy("ticks");
        String brokers = BROKER.getBrokersAsString();
        TopicPartition source = new TopicPartition(TOPIC, 0);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers),
                        new ByteArraySerializer(),
                        new ByteArraySerializer());
                Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers))) {
            long offset = send(
                    producer,
                    0,
                    "{\"function_name\":\"answers\",\"payload\":\"the answer\",\"reply_to\":\"" + REPLIES + "\"}");
            String callId = "kafka-" + TOPIC + "-0-" + offset;

            // The call succeeded; its reply was not written, and the record is retried for it.
            await().atMost(Duration.ofSeconds(30)).until(() -> retried() >= 1);
            assertThat(errors.last()).hasValueSatisfying(error -> assertThat(error.message())
                    .startsWith(callId + " attempt ")
                    .contains(" failed: the reply to " + REPLIES + " was not written: ")
                    .contains("UnknownTopicOrPartitionException"));

            // A record of the other partition, sent after that failure, runs and is committed: had the
            // failed write let the record end, its commit would have gone with this one or before it.
            long tick = send(producer, 1, "{\"function_name\":\"ticks\",\"payload\":\"tick\"}");
            TopicPartition other = new TopicPartition(TOPIC, 1);
            await().atMost(Duration.ofSeconds(30)).until(() -> Topics.committed(brokers, GROUP, other) > tick);
            assertThat(Topics.committed(brokers, GROUP, source))
                    .as("committed offset of the record's partition while its reply is not written")
                    .isLessThanOrEqualTo(offset);

            admin.createTopics(List.of(new NewTopic(REPLIES, 1, (short) 1)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(60)).until(() -> Topics.committed(brokers, GROUP, source) > offset);
            assertThat(Topics.endOffset(brokers, new TopicPartition(REPLIES, 0)))
                    .as("replies written once the record is committed")
                    .isPositive();

            ConsumerRecord<byte[], byte[]> reply = Topics.awaitRecord(brokers, REPLIES, r -> true);
            assertThat(text(reply.key())).isEqualTo(callId);
            assertThat(text(reply.value())).isEqualTo("the answer");
            assertThat(Topics.header(reply, ReplyPublisher.STATUS)).isEqualTo("200");
            assertThat(Topics.header(reply, ReplyPublisher.TARGET)).isEqualTo("answers");
            // Each failed write was one attempt, and each attempt called the function again: at least once.
            List<HttpFunctions.Received> calls = functions.received("answers");
            assertThat(calls).hasSizeGreaterThan(1).allSatisfy(call -> assertThat(call.header("X-Call-Id"))
                    .isEqualTo(callId));
            assertThat(retried()).isEqualTo(calls.size() - 1.0);
            assertThat(meters.find("edgeway.kafka.records.dead.lettered").counters())
                    .isEmpty();
            assertThat(Topics.endOffset(brokers, new TopicPartition(TOPIC + ".DLT", 0))
                            + Topics.endOffset(brokers, new TopicPartition(TOPIC + ".DLT", 1)))
                    .as("dead letters")
                    .isZero();
        }
    }

    private double retried() {
        var counter =
                meters.find("edgeway.kafka.records.retried").tag("topic", TOPIC).counter();
        return counter == null ? 0 : counter.count();
    }

    /** Sends to the partition and answers the record's offset. */
    private static long send(KafkaProducer<byte[], byte[]> producer, int partition, String envelope) throws Exception {
        return producer.send(new ProducerRecord<>(TOPIC, partition, null, envelope.getBytes(StandardCharsets.UTF_8)))
                .get(30, TimeUnit.SECONDS)
                .offset();
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
