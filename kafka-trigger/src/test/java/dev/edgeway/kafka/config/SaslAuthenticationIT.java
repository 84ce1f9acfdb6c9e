package dev.edgeway.kafka.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.edgeway.kafka.support.HttpFunctions;
import dev.edgeway.kafka.support.TriggerTestApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The trigger authenticates with SASL SCRAM-SHA-256 against a broker that requires SASL: its
 * consumer reads the record, and its producer writes the reply; and with SCRAM-SHA-512, and with
 * PLAIN. The broker (Kafka's own test
 * kit, SASL on its client listener) admits PLAIN for the test's admin and SCRAM for the trigger,
 * whose user is created through the admin API; the password comes from a file, as a mounted secret.
 */
@SpringBootTest(
        classes = TriggerTestApplication.class,
        properties = {
            "edgeway.kafka.enabled=true",
            "edgeway.kafka.topics=" + SaslAuthenticationIT.TOPIC,
            "edgeway.kafka.group-id=scram-it",
            "edgeway.kafka.sasl.enabled=true",
            "edgeway.kafka.sasl.mechanism=SCRAM-SHA-256",
            "edgeway.kafka.sasl.username=" + SaslAuthenticationIT.USER,
            "spring.kafka.consumer.auto-offset-reset=earliest",
        })
@DirtiesContext
class SaslAuthenticationIT {

    static final String TOPIC = "secured";
    static final String REPLIES = "secured-replies";
    static final String TOPIC_512 = "secured-512";
    static final String TOPIC_PLAIN = "secured-plain";
    static final String USER = "trigger";
    static final String PLAIN_USER = "trigger-plain";

    private static final String PASSWORD = "scram-" + UUID.randomUUID();
    private static final String PLAIN_PASSWORD = "plain-" + UUID.randomUUID();
    private static final KafkaClusterTestKit CLUSTER = start();

    @Autowired
    HttpFunctions functions;

    @DynamicPropertySource
    static void broker(DynamicPropertyRegistry registry) {
        registry.add("edgeway.kafka.bootstrap-servers", CLUSTER::bootstrapServers);
        registry.add("edgeway.kafka.sasl.password-file", SaslAuthenticationIT::passwordFile);
    }

    @Test
    void consumesAndRepliesAuthenticatedWithScram() throws Exception {
        functions.deploy("guarded");
        String payload = "secret " + UUID.randomUUID();
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(admin(), new ByteArraySerializer(), new ByteArraySerializer())) {
            String json =
                    "{\"function_name\":\"guarded\",\"payload\":\"" + payload + "\",\"reply_to\":\"" + REPLIES + "\"}";
            producer.send(new ProducerRecord<>(TOPIC, json.getBytes(StandardCharsets.UTF_8)))
                    .get(30, TimeUnit.SECONDS);
        }

        await().atMost(Duration.ofSeconds(60))
                .until(() -> !functions.received("guarded").isEmpty());
        assertThat(functions.received("guarded").getFirst().text()).isEqualTo(payload);
        assertThat(replies()).contains(payload);
    }

    /** SCRAM-SHA-512 on the same broker, by a second trigger application of its own. */
    @Test
    void consumesAuthenticatedWithScramSha512() throws Exception {
        OwnTrigger.consumesAnEnvelope(
                admin(),
                TOPIC_512,
                "guarded-512",
                "edgeway.kafka.enabled=true",
                "edgeway.kafka.bootstrap-servers=" + CLUSTER.bootstrapServers(),
                "edgeway.kafka.topics=" + TOPIC_512,
                "edgeway.kafka.group-id=scram-512-it",
                "edgeway.kafka.sasl.enabled=true",
                "edgeway.kafka.sasl.mechanism=SCRAM-SHA-512",
                "edgeway.kafka.sasl.username=" + USER,
                "edgeway.kafka.sasl.password-file=" + passwordFile(),
                "spring.kafka.consumer.auto-offset-reset=earliest");
    }

    /**
     * SASL PLAIN, the default mechanism, configured as the original trigger was: through
     * {@code kafka_brokers}, {@code kafka_topics}, {@code kafka_group_id}, {@code kafka_use_sasl},
     * {@code kafka_username} and {@code kafka_password}.
     */
    @Test
    void consumesAuthenticatedWithPlainConfiguredByTheOriginalTriggersNames() throws Exception {
        OwnTrigger.consumesAnEnvelope(
                admin(),
                TOPIC_PLAIN,
                "guarded-plain",
                "kafka_brokers=" + CLUSTER.bootstrapServers(),
                "kafka_topics=" + TOPIC_PLAIN,
                "kafka_group_id=plain-it",
                "kafka_use_sasl=true",
                "kafka_username=" + PLAIN_USER,
                "kafka_password=" + PLAIN_PASSWORD,
                "spring.kafka.consumer.auto-offset-reset=earliest");
    }

    /** The reply topic read as the admin (PLAIN), until the reply is there. */
    private static List<String> replies() {
        Properties properties = admin();
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
        List<String> found = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(REPLIES, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200))
                        .forEach((ConsumerRecord<byte[], byte[]> r) ->
                                found.add(new String(r.value(), StandardCharsets.UTF_8)));
                return !found.isEmpty();
            });
        }
        return found;
    }

    /** The test kit's admin user, with SASL PLAIN. */
    private static Properties admin() {
        return admin(CLUSTER);
    }

    private static Properties admin(KafkaClusterTestKit cluster) {
        Properties properties = new Properties();
        properties.put("bootstrap.servers", cluster.bootstrapServers());
        properties.put("security.protocol", "SASL_PLAINTEXT");
        properties.put("sasl.mechanism", "PLAIN");
        properties.put(
                "sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required"
                        + " username=\"plain-admin\" password=\"plain-admin-secret\";");
        return properties;
    }

    private static String passwordFile() {
        try {
            Path file = Files.createTempFile("scram-password", ".txt");
            Files.writeString(file, PASSWORD + "\n");
            file.toFile().deleteOnExit();
            return file.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static KafkaClusterTestKit start() {
        try {
            TestKitNodes nodes = new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .setBrokerSecurityProtocol(SecurityProtocol.SASL_PLAINTEXT)
                    .build();
            KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(nodes)
                    // PLAIN (the test kit's admin) and SCRAM on the client listener.
                    .setConfigProp("sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-256,SCRAM-SHA-512")
                    // PLAIN users are the broker's JAAS entries: the test kit's admin and the trigger's.
                    .setConfigProp(
                            "listener.name.external.plain.sasl.jaas.config",
                            "org.apache.kafka.common.security.plain.PlainLoginModule required"
                                    + " username=\"plain-admin\" password=\"plain-admin-secret\""
                                    + " user_plain-admin=\"plain-admin-secret\""
                                    + " user_" + PLAIN_USER + "=\"" + PLAIN_PASSWORD + "\";")
                    .setConfigProp(
                            "listener.name.external.scram-sha-256.sasl.jaas.config",
                            "org.apache.kafka.common.security.scram.ScramLoginModule required;")
                    .setConfigProp(
                            "listener.name.external.scram-sha-512.sasl.jaas.config",
                            "org.apache.kafka.common.security.scram.ScramLoginModule required;")
                    // Authentication is under test, not authorization: the test kit's authorizer is off.
                    .setConfigProp("authorizer.class.name", "")
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> close(cluster), "scram-it-broker-stop"));
            try (Admin admin = Admin.create(admin(cluster))) {
                admin.createTopics(List.of(
                                new NewTopic(TOPIC, 1, (short) 1),
                                new NewTopic(TOPIC + ".DLT", 1, (short) 1),
                                new NewTopic(REPLIES, 1, (short) 1),
                                new NewTopic(TOPIC_512, 1, (short) 1),
                                new NewTopic(TOPIC_512 + ".DLT", 1, (short) 1),
                                new NewTopic(TOPIC_PLAIN, 1, (short) 1),
                                new NewTopic(TOPIC_PLAIN + ".DLT", 1, (short) 1)))
                        .all()
                        .get(60, TimeUnit.SECONDS);
                // One request per mechanism: the broker refuses two changes of one user in a request.
                for (ScramMechanism mechanism : List.of(ScramMechanism.SCRAM_SHA_256, ScramMechanism.SCRAM_SHA_512)) {
                    admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(
                                    USER, new ScramCredentialInfo(mechanism, 4096), PASSWORD)))
                            .all()
                            .get(60, TimeUnit.SECONDS);
                }
            }
            return cluster;
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the SASL broker", e);
        }
    }

    private static void close(KafkaClusterTestKit cluster) {
        try {
            cluster.close();
        } catch (Exception e) {
            // The JVM is exiting.
        }
    }
}
