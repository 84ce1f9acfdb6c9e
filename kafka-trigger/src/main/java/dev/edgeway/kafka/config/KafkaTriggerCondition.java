package dev.edgeway.kafka.config;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * On when {@code edgeway.kafka.enabled=true}, or when it is unset and bootstrap servers are
 * configured: a gateway given brokers (or the original {@code kafka_brokers}) means to consume.
 */
class KafkaTriggerCondition extends SpringBootCondition {

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        Environment environment = context.getEnvironment();
        String enabled = environment.getProperty("edgeway.kafka.enabled");
        if (enabled != null && !enabled.isBlank()) {
            return Boolean.parseBoolean(enabled.trim())
                    ? ConditionOutcome.match("edgeway.kafka.enabled is true")
                    : ConditionOutcome.noMatch("edgeway.kafka.enabled is false");
        }
        String servers = environment.getProperty("edgeway.kafka.bootstrap-servers");
        return servers != null && !servers.isBlank()
                ? ConditionOutcome.match("edgeway.kafka.bootstrap-servers is set")
                : ConditionOutcome.noMatch("neither edgeway.kafka.enabled nor edgeway.kafka.bootstrap-servers is set");
    }
}
