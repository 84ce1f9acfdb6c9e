package dev.edgeway.kafka.config;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Honours the original trigger's environment names ({@code kafka_brokers}, {@code kafka_topics},
 * {@code kafka_group_id}, {@code kafka_username}, {@code kafka_password}, {@code kafka_use_sasl})
 * and the OpenFaaS kafka-connector's ({@code broker_hosts}, {@code topics}) as aliases of
 * {@code edgeway.kafka.*}. Added with the lowest precedence, so an explicit property wins; where
 * both names of one setting are set, the original trigger's wins.
 */
public class KafkaEnvironmentAliases implements EnvironmentPostProcessor, Ordered {

    static final String SOURCE_NAME = "edgewayKafkaAliases";

    // Insertion order matters: a later alias of the same property does not replace an earlier one.
    private static final Map<String, String> ALIASES = orderedAliases();

    private static Map<String, String> orderedAliases() {
        Map<String, String> aliases = new LinkedHashMap<>();
        aliases.put("kafka_brokers", "edgeway.kafka.bootstrap-servers");
        aliases.put("broker_hosts", "edgeway.kafka.bootstrap-servers");
        aliases.put("kafka_topics", "edgeway.kafka.topics");
        aliases.put("topics", "edgeway.kafka.topics");
        aliases.put("kafka_group_id", "edgeway.kafka.group-id");
        aliases.put("kafka_username", "edgeway.kafka.sasl.username");
        aliases.put("kafka_password", "edgeway.kafka.sasl.password");
        return aliases;
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> resolved = new LinkedHashMap<>();
        ALIASES.forEach((env, property) -> {
            String value = environment.getProperty(env);
            if (value != null && !value.isBlank()) {
                resolved.putIfAbsent(property, value.trim());
            }
        });
        String useSasl = environment.getProperty("kafka_use_sasl");
        if (useSasl != null && !useSasl.isBlank()) {
            resolved.put("edgeway.kafka.sasl.enabled", Boolean.toString(Boolean.parseBoolean(useSasl.trim())));
        }
        if (!resolved.isEmpty()) {
            environment.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME, resolved));
        }
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
