package dev.edgeway.kafka.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

class KafkaClientSettingsTest {

    @Test
    void setsOnlyTheBrokersWithoutSaslOrTls() {
        assertThat(KafkaClientSettings.of(properties(sasl(false, "PLAIN", null, null, null), tls(false, null))))
                .containsExactly(Map.entry("bootstrap.servers", "b1:9092,b2:9092"));
    }

    @Test
    void authenticatesWithScramOverTlsWithACaFile() {
        Map<String, Object> settings = KafkaClientSettings.of(
                properties(sasl(true, "scram-sha-512", "edge", "p\"w", null), tls(true, Path.of("/etc/ca.pem"))));

        assertThat(settings)
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry(
                        "sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"edge\" password=\"p\\\"w\";")
                .containsEntry("ssl.truststore.type", "PEM")
                .containsEntry("ssl.truststore.location", "/etc/ca.pem");
    }

    @Test
    void readsThePasswordFromASecretFile(@TempDir Path dir) throws Exception {
        Path secret = Files.writeString(dir.resolve("kafka-password"), "from-file\n");

        Map<String, Object> settings =
                KafkaClientSettings.of(properties(sasl(true, "PLAIN", "edge", "ignored", secret), tls(false, null)));

        assertThat(settings)
                .containsEntry("security.protocol", "SASL_PLAINTEXT")
                .containsEntry(
                        "sasl.jaas.config",
                        "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"edge\" password=\"from-file\";");
    }

    @Test
    void refusesAnUnknownMechanismOrAMissingPassword() {
        assertThatThrownBy(() ->
                        KafkaClientSettings.of(properties(sasl(true, "GSSAPI", "u", "p", null), tls(false, null))))
                .hasMessageContaining("edgeway.kafka.sasl.mechanism: GSSAPI (expected: one of");
        assertThatThrownBy(() ->
                        KafkaClientSettings.of(properties(sasl(true, "PLAIN", "u", null, null), tls(false, null))))
                .hasMessageStartingWith("edgeway.kafka.sasl.password: unset");
    }

    @Test
    void neverPrintsThePassword() {
        assertThat(sasl(true, "PLAIN", "edge", "s3cret", null).toString()).doesNotContain("s3cret");
    }

    private static KafkaTriggerProperties.Sasl sasl(
            boolean enabled, String mechanism, String username, String password, Path passwordFile) {
        return new KafkaTriggerProperties.Sasl(enabled, mechanism, username, password, null, passwordFile);
    }

    private static KafkaTriggerProperties.Tls tls(boolean enabled, Path caFile) {
        return new KafkaTriggerProperties.Tls(enabled, caFile);
    }

    private static KafkaTriggerProperties properties(KafkaTriggerProperties.Sasl sasl, KafkaTriggerProperties.Tls tls) {
        return new KafkaTriggerProperties(
                null,
                "b1:9092,b2:9092",
                List.of("t"),
                null,
                "g",
                "c",
                1,
                KafkaTriggerProperties.Ordering.PARTITION,
                16,
                1000,
                java.time.Duration.ofMinutes(2),
                DataSize.ofMegabytes(1),
                DataSize.ofKilobytes(1),
                java.time.Duration.ofSeconds(2),
                ".DLT",
                new KafkaTriggerProperties.Retry(
                        5,
                        java.time.Duration.ofMillis(500),
                        2.0,
                        java.time.Duration.ofSeconds(30),
                        java.time.Duration.ofMillis(100)),
                sasl,
                tls);
    }
}
