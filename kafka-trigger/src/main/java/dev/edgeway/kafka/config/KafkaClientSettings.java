package dev.edgeway.kafka.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The Kafka client properties that {@code edgeway.kafka.*} sets on top of {@code spring.kafka.*}:
 * brokers, client id, SASL and TLS. The JAAS line holds the password; Kafka types it as a
 * password, so its own configuration dump prints it as {@code [hidden]}, and nothing here logs it.
 */
final class KafkaClientSettings {

    private static final Set<String> MECHANISMS = Set.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512");

    private KafkaClientSettings() {}

    static Map<String, Object> of(KafkaTriggerProperties properties) {
        Map<String, Object> settings = new LinkedHashMap<>();
        if (properties.bootstrapServers() != null
                && !properties.bootstrapServers().isBlank()) {
            settings.put("bootstrap.servers", properties.bootstrapServers().trim());
        }
        KafkaTriggerProperties.Sasl sasl = properties.sasl();
        KafkaTriggerProperties.Tls tls = properties.tls();
        if (sasl.enabled()) {
            settings.put("security.protocol", tls.enabled() ? "SASL_SSL" : "SASL_PLAINTEXT");
            String mechanism = sasl.mechanism().trim().toUpperCase(Locale.ROOT);
            if (!MECHANISMS.contains(mechanism)) {
                throw new IllegalArgumentException(
                        "edgeway.kafka.sasl.mechanism: " + sasl.mechanism() + " (expected: one of " + MECHANISMS + ")");
            }
            settings.put("sasl.mechanism", mechanism);
            String username = secret(sasl.username(), sasl.usernameFile(), "username");
            String password = secret(sasl.password(), sasl.passwordFile(), "password");
            String module = mechanism.equals("PLAIN")
                    ? "org.apache.kafka.common.security.plain.PlainLoginModule"
                    : "org.apache.kafka.common.security.scram.ScramLoginModule";
            settings.put(
                    "sasl.jaas.config",
                    module + " required username=\"" + quoted(username) + "\" password=\"" + quoted(password) + "\";");
        } else if (tls.enabled()) {
            settings.put("security.protocol", "SSL");
        }
        if (tls.enabled() && tls.caFile() != null) {
            settings.put("ssl.truststore.type", "PEM");
            settings.put("ssl.truststore.location", tls.caFile().toString());
        }
        return settings;
    }

    /** The value, or the first line of the file; a file wins, as a mounted secret is the safer source. */
    private static String secret(@Nullable String value, @Nullable Path file, String what) {
        if (file != null) {
            try {
                return Files.readString(file).strip();
            } catch (IOException e) {
                throw new UncheckedIOException("edgeway.kafka.sasl." + what + "-file: " + file + " (not readable)", e);
            }
        }
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("edgeway.kafka.sasl." + what + ": unset (expected: set, or " + what
                    + "-file, when edgeway.kafka.sasl.enabled is true)");
        }
        return value;
    }

    private static String quoted(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
