package dev.edgeway.kafka.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.CertPathBuilderException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trigger reaches a broker that speaks only TLS, trusting the certificate authority of
 * {@code edgeway.kafka.tls.ca-file} (PEM), with the host name checked. The broker is Kafka's test
 * kit with its client listener switched to SSL (the kit itself offers PLAINTEXT and SASL only);
 * the authority and the broker's certificate for {@code localhost} are made by the JDK's keytool.
 */
class TlsCaFileIT {

    private static final String TOPIC = "over-tls";
    private static final String STORE_PASSWORD = "tls-" + UUID.randomUUID();

    @TempDir
    static Path dir;

    private static KafkaClusterTestKit cluster;
    private static Path caFile;

    @BeforeAll
    static void start() throws Exception {
        caFile = dir.resolve("ca.pem");
        Path keystore = dir.resolve("broker.p12");
        Certificates.make(dir, caFile, keystore, STORE_PASSWORD);
        TestKitNodes nodes = new TestKitNodes.Builder()
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1)
                .build();
        cluster = new KafkaClusterTestKit.Builder(nodes)
                .setConfigProp("listener.security.protocol.map", "EXTERNAL:SSL,CONTROLLER:PLAINTEXT")
                .setConfigProp("ssl.keystore.type", "PKCS12")
                .setConfigProp("ssl.keystore.location", keystore.toString())
                .setConfigProp("ssl.keystore.password", STORE_PASSWORD)
                .setConfigProp("ssl.key.password", STORE_PASSWORD)
                // The broker reaches its own client listener too: it trusts the same authority.
                .setConfigProp("ssl.truststore.type", "PEM")
                .setConfigProp("ssl.truststore.location", caFile.toString())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        try (Admin admin = Admin.create(client())) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1), new NewTopic(TOPIC + ".DLT", 1, (short) 1)))
                    .all()
                    .get(60, TimeUnit.SECONDS);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void consumesFromABrokerThatSpeaksOnlyTlsTrustingTheCaFile() throws Exception {
        OwnTrigger.consumesAnEnvelope(
                client(),
                TOPIC,
                "sealed",
                "edgeway.kafka.enabled=true",
                "edgeway.kafka.bootstrap-servers=" + cluster.bootstrapServers(),
                "edgeway.kafka.topics=" + TOPIC,
                "edgeway.kafka.group-id=tls-it",
                "edgeway.kafka.tls.enabled=true",
                "edgeway.kafka.tls.ca-file=" + caFile,
                "spring.kafka.consumer.auto-offset-reset=earliest");
    }

    /** The broker speaks TLS for real: a client trusting only the JDK's authorities finds no certificate path. */
    @Test
    void refusesAClientThatDoesNotTrustTheAuthority() {
        Properties untrusting = client();
        untrusting.remove("ssl.truststore.type");
        untrusting.remove("ssl.truststore.location");
        try (Admin admin = Admin.create(untrusting)) {
            assertThatThrownBy(() -> admin.listTopics().names().get(60, TimeUnit.SECONDS))
                    .hasRootCauseInstanceOf(CertPathBuilderException.class);
        }
    }

    /** The test's own clients: TLS, trusting the same PEM file the trigger is given. */
    private static Properties client() {
        Properties properties = new Properties();
        properties.put("bootstrap.servers", cluster.bootstrapServers());
        properties.put("security.protocol", "SSL");
        properties.put("ssl.truststore.type", "PEM");
        properties.put("ssl.truststore.location", caFile.toString());
        return properties;
    }

    /** A certificate authority and a broker certificate it signed, made with the JDK's keytool. */
    private static final class Certificates {

        static void make(Path dir, Path caPem, Path brokerKeystore, String password)
                throws IOException, InterruptedException {
            Path ca = dir.resolve("ca.p12");
            Path request = dir.resolve("broker.csr");
            Path signed = dir.resolve("broker.crt");
            String san = "SAN=dns:localhost,ip:127.0.0.1";
            keytool(
                    ca,
                    password,
                    "-genkeypair",
                    "-alias",
                    "ca",
                    "-keyalg",
                    "EC",
                    "-dname",
                    "CN=edgeway test ca",
                    "-ext",
                    "bc:c",
                    "-validity",
                    "2");
            keytool(ca, password, "-exportcert", "-rfc", "-alias", "ca", "-file", caPem.toString());
            keytool(
                    brokerKeystore,
                    password,
                    "-genkeypair",
                    "-alias",
                    "broker",
                    "-keyalg",
                    "EC",
                    "-dname",
                    "CN=localhost",
                    "-validity",
                    "2");
            keytool(brokerKeystore, password, "-certreq", "-alias", "broker", "-file", request.toString());
            keytool(
                    ca,
                    password,
                    "-gencert",
                    "-alias",
                    "ca",
                    "-infile",
                    request.toString(),
                    "-outfile",
                    signed.toString(),
                    "-ext",
                    san,
                    "-validity",
                    "2",
                    "-rfc");
            keytool(brokerKeystore, password, "-importcert", "-noprompt", "-alias", "ca", "-file", caPem.toString());
            keytool(brokerKeystore, password, "-importcert", "-alias", "broker", "-file", signed.toString());
        }

        /** One keytool command on {@code keystore}, opened with {@code password}. */
        private static void keytool(Path keystore, String password, String... arguments)
                throws IOException, InterruptedException {
            List<String> command = new ArrayList<>();
            command.add(
                    Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
            command.addAll(List.of(arguments));
            command.addAll(List.of("-keystore", keystore.toString(), "-storepass", password));
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("keytool " + arguments[0] + " failed: " + output);
            }
        }
    }
}
