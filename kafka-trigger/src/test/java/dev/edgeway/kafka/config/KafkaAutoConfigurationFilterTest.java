package dev.edgeway.kafka.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/** Spring Boot's Kafka auto-configuration is left out exactly when the trigger is off. */
class KafkaAutoConfigurationFilterTest {

    private static final String[] CANDIDATES = {
        "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
        "org.springframework.boot.kafka.autoconfigure.metrics.KafkaMetricsAutoConfiguration",
        "dev.edgeway.kafka.config.KafkaTriggerAutoConfiguration",
        "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
        null
    };

    @Test
    void leavesOutBootsKafkaWhenTheTriggerIsOff() {
        assertThat(matches(Map.of())).containsExactly(false, false, true, true, true);
    }

    @Test
    void leavesOutBootsKafkaWhenDisabledDespiteServers() {
        assertThat(matches(Map.of("edgeway.kafka.enabled", "false", "edgeway.kafka.bootstrap-servers", "h:9092")))
                .containsExactly(false, false, true, true, true);
    }

    @Test
    void keepsBootsKafkaWhenBootstrapServersAreSet() {
        assertThat(matches(Map.of("edgeway.kafka.bootstrap-servers", "h:9092")))
                .containsExactly(true, true, true, true, true);
    }

    @Test
    void keepsBootsKafkaWhenEnabled() {
        assertThat(matches(Map.of("edgeway.kafka.enabled", "true"))).containsExactly(true, true, true, true, true);
    }

    private static boolean[] matches(Map<String, Object> properties) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
        KafkaAutoConfigurationFilter filter = new KafkaAutoConfigurationFilter();
        filter.setEnvironment(environment);
        return filter.match(CANDIDATES.clone(), null);
    }
}
