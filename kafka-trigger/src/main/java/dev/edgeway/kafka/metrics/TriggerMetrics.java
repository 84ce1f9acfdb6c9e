package dev.edgeway.kafka.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * The trigger's meters, tagged by topic (and target where one is known): low cardinality, as
 * topics and function names are few. Names are dotted; Prometheus shows
 * {@code edgeway_kafka_records_received_total} and so on. {@code docs/kafka.md} lists them.
 */
public final class TriggerMetrics {

    private final MeterRegistry registry;

    public TriggerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A delivery of a record to the listener (a redelivery counts again). */
    public void received(String topic) {
        Counter.builder("edgeway.kafka.records.received")
                .description("Record deliveries to the Kafka trigger")
                .tag("topic", topic)
                .register(registry)
                .increment();
    }

    /** A record whose calls all succeeded; {@code timestamp} is the record's, for the end-to-end latency. */
    public void succeeded(String topic, String target, long timestamp) {
        Counter.builder("edgeway.kafka.records.succeeded")
                .description("Records whose calls succeeded")
                .tag("topic", topic)
                .tag("target", target)
                .register(registry)
                .increment();
        if (timestamp > 0) {
            Timer.builder("edgeway.kafka.records.latency")
                    .description("From the record's timestamp to the end of its call")
                    .tag("topic", topic)
                    .register(registry)
                    .record(Duration.ofMillis(Math.max(0, System.currentTimeMillis() - timestamp)));
        }
    }

    /** A failed delivery that will be retried. */
    public void retried(String topic) {
        Counter.builder("edgeway.kafka.records.retried")
                .description("Failed deliveries that are retried")
                .tag("topic", topic)
                .register(registry)
                .increment();
    }

    /** A record sent to its dead-letter topic. */
    public void deadLettered(String topic, String target) {
        Counter.builder("edgeway.kafka.records.dead.lettered")
                .description("Records sent to the dead-letter topic")
                .tag("topic", topic)
                .tag("target", target)
                .register(registry)
                .increment();
    }
}
