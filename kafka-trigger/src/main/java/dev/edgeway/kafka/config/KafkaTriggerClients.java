package dev.edgeway.kafka.config;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.MicrometerConsumerListener;
import org.springframework.kafka.core.MicrometerProducerListener;

/**
 * The trigger's consumer and producer: every {@code spring.kafka.*} client property, then
 * {@code edgeway.kafka.*} on top (brokers, client id, SASL, TLS), then what the trigger's
 * guarantees need: bytes in and out, no auto-commit, acknowledgement by every in-sync replica, a
 * producer that blocks no longer than a reply may take.
 */
final class KafkaTriggerClients {

    private final KafkaProperties spring;
    private final KafkaTriggerProperties trigger;
    private final @Nullable MeterRegistry registry;

    KafkaTriggerClients(KafkaProperties spring, KafkaTriggerProperties trigger, @Nullable MeterRegistry registry) {
        this.spring = spring;
        this.trigger = trigger;
        this.registry = registry;
    }

    ConsumerFactory<byte[], byte[]> consumers() {
        Map<String, Object> properties = new HashMap<>(spring.buildConsumerProperties());
        properties.putAll(KafkaClientSettings.of(trigger));
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        DefaultKafkaConsumerFactory<byte[], byte[]> factory =
                new DefaultKafkaConsumerFactory<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        if (registry != null) {
            // The client's own metrics (records-lag-max, fetch rates, ...) as kafka.consumer.* meters.
            factory.addListener(new MicrometerConsumerListener<>(registry));
        }
        return factory;
    }

    KafkaTemplate<byte[], byte[]> producer() {
        Map<String, Object> properties = new HashMap<>(spring.buildProducerProperties());
        properties.putAll(KafkaClientSettings.of(trigger));
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, trigger.clientId() + "-producer");
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        // A reply write takes at most the reply timeout (the invoke timeout), and send() blocks
        // up to max.block.ms for a topic without metadata (one not created yet): keep it within.
        properties.put(
                ProducerConfig.MAX_BLOCK_MS_CONFIG,
                Math.min(trigger.invokeTimeout().toMillis(), maxBlockMillis(properties)));
        DefaultKafkaProducerFactory<byte[], byte[]> factory =
                new DefaultKafkaProducerFactory<>(properties, new ByteArraySerializer(), new ByteArraySerializer());
        if (registry != null) {
            factory.addListener(new MicrometerProducerListener<>(registry));
        }
        return new KafkaTemplate<>(factory);
    }

    /** {@code max.block.ms} as set through {@code spring.kafka.*}, else Kafka's default: read as Kafka reads it. */
    private static long maxBlockMillis(Map<String, Object> properties) {
        Object set = properties.get(ProducerConfig.MAX_BLOCK_MS_CONFIG);
        return (Long)
                (set == null
                        ? ProducerConfig.configDef().defaultValues().get(ProducerConfig.MAX_BLOCK_MS_CONFIG)
                        : ConfigDef.parseType(ProducerConfig.MAX_BLOCK_MS_CONFIG, set, ConfigDef.Type.LONG));
    }
}
