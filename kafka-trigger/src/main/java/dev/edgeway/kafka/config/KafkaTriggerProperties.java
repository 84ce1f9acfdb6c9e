package dev.edgeway.kafka.config;

import jakarta.validation.constraints.Min;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The Kafka trigger's configuration ({@code edgeway.kafka.*}); {@code docs/kafka.md} lists every
 * property with its OpenFaaS alias and default. Any other Kafka client property passes through
 * Spring Boot's {@code spring.kafka.*}; these win over it.
 *
 * @param enabled whether the trigger runs; when unset, it runs when bootstrap servers are set
 * @param bootstrapServers the brokers, {@code host:port} (overrides {@code spring.kafka.bootstrap-servers})
 * @param topics the topics to consume
 * @param topicPattern a regular expression of topics to consume, instead of {@code topics}
 * @param groupId the consumer group
 * @param clientId the client id prefix of the consumer and producer
 * @param concurrency consumer threads; partitions are shared among them, each partition in order
 * @param ordering what is kept in order: {@code partition} (one record at a time per partition) or
 *     {@code key} (one record at a time per key, keys in parallel)
 * @param keyConcurrency with {@code ordering=key}, the records called at once across this gateway's partitions
 * @param keyMaxUncommitted with {@code ordering=key}, the records of a partition handed over and not committed
 *     yet beyond which the partition is paused (bounds what a slow key holds back)
 * @param invokeTimeout the longest a call may take before it counts as timed out (and is retried)
 * @param maxRecordSize records with a larger value go to the dead-letter topic at once
 * @param maxResponseExcerpt how much of a failed call's response body a dead letter keeps in a header
 * @param refreshInterval how often the topic annotations of functions are read again
 * @param deadLetterSuffix appended to a record's topic to name its dead-letter topic
 * @param retry the backoff of retried calls
 * @param sasl SASL authentication
 * @param tls TLS to the brokers
 */
@Validated
@ConfigurationProperties("edgeway.kafka")
public record KafkaTriggerProperties(
        @Nullable Boolean enabled,
        @Nullable String bootstrapServers,
        @DefaultValue List<String> topics,
        @Nullable String topicPattern,
        @DefaultValue("edgeway-kafka-trigger") String groupId,
        @DefaultValue("edgeway") String clientId,
        @DefaultValue("1") @Min(1) int concurrency,
        @DefaultValue("partition") Ordering ordering,
        @DefaultValue("16") @Min(1) int keyConcurrency,
        @DefaultValue("1000") @Min(2) int keyMaxUncommitted,
        @DefaultValue("2m") Duration invokeTimeout,
        @DefaultValue("1MB") DataSize maxRecordSize,
        @DefaultValue("1KB") DataSize maxResponseExcerpt,
        @DefaultValue("2s") Duration refreshInterval,
        @DefaultValue(".DLT") String deadLetterSuffix,
        @DefaultValue Retry retry,
        @DefaultValue Sasl sasl,
        @DefaultValue Tls tls) {

    /** What the trigger keeps in order. */
    public enum Ordering {
        /** The records of a partition one at a time, in offset order (the default). */
        PARTITION,
        /** The records of a key one at a time, in offset order; different keys in parallel. */
        KEY
    }

    /**
     * Retries of calls that may succeed later (408, 429, 502, 503, 504, 500, unreachable, timed out).
     *
     * @param maxAttempts calls in all, the first included, before the record goes to the dead-letter topic
     * @param initialInterval the wait before the first retry
     * @param multiplier the growth of the wait from one retry to the next
     * @param maxInterval the longest wait
     * @param jitter the random spread added to or taken from each wait
     */
    public record Retry(
            @DefaultValue("5") @Min(1) int maxAttempts,
            @DefaultValue("500ms") Duration initialInterval,
            @DefaultValue("2.0") double multiplier,
            @DefaultValue("30s") Duration maxInterval,
            @DefaultValue("100ms") Duration jitter) {}

    /**
     * SASL authentication.
     *
     * @param enabled whether to authenticate with SASL (alias {@code kafka_use_sasl})
     * @param mechanism {@code PLAIN}, {@code SCRAM-SHA-256} or {@code SCRAM-SHA-512}
     * @param username the user name
     * @param password the password
     * @param usernameFile a file holding the user name (a mounted secret), read at start
     * @param passwordFile a file holding the password (a mounted secret), read at start
     */
    public record Sasl(
            @DefaultValue("false") boolean enabled,
            @DefaultValue("PLAIN") String mechanism,
            @Nullable String username,
            @Nullable String password,
            @Nullable Path usernameFile,
            @Nullable Path passwordFile) {

        @Override
        public String toString() {
            return "Sasl[enabled=" + enabled + ", mechanism=" + mechanism + ", username=" + username
                    + ", password=" + (password == null ? "unset" : "(hidden)") + ", usernameFile=" + usernameFile
                    + ", passwordFile=" + passwordFile + "]";
        }
    }

    /**
     * TLS to the brokers.
     *
     * @param enabled whether to connect with TLS
     * @param caFile a PEM file of the certificate authorities to trust, instead of the JDK's
     */
    public record Tls(
            @DefaultValue("false") boolean enabled,
            @Nullable Path caFile) {}
}
