package dev.edgeway.kafka.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgeway.kafka.errors.RetrySettings;
import dev.edgeway.kafka.invoke.DeployedFunction;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FunctionRetryTest {

    private static final RetrySettings DEFAULTS = new RetrySettings(
            5,
            Duration.ofMillis(500),
            2.0,
            Duration.ofSeconds(30),
            Duration.ofMillis(100),
            RetrySettings.DEFAULT_STATUSES);

    @Test
    void keepsTheDefaultsForAFunctionWithoutRetryAnnotations() {
        assertThat(FunctionRetry.of(function(Map.of("topic", "orders")), DEFAULTS))
                .isSameAs(DEFAULTS);
    }

    @Test
    void takesEachSettingAFunctionSets() {
        RetrySettings own = FunctionRetry.of(
                function(Map.of(
                        "com.edgeway.kafka.max-attempts", "8",
                        "com.edgeway.kafka.retry-initial-interval", "50ms",
                        "com.edgeway.kafka.retry-max-interval", "2s",
                        "com.edgeway.kafka.retry-statuses", "429, 503,409")),
                DEFAULTS);

        assertThat(own.maxAttempts()).isEqualTo(8);
        assertThat(own.initialInterval()).isEqualTo(Duration.ofMillis(50));
        assertThat(own.maxInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(own.statuses()).containsExactlyInAnyOrder(429, 503, 409);
        assertThat(own.multiplier()).isEqualTo(DEFAULTS.multiplier());
        assertThat(own.jitter()).isEqualTo(DEFAULTS.jitter());
    }

    @Test
    void ignoresUnusableValuesOneByOne() {
        RetrySettings own = FunctionRetry.of(
                function(Map.of(
                        "com.edgeway.kafka.max-attempts", "0",
                        "com.edgeway.kafka.retry-initial-interval", "soon",
                        "com.edgeway.kafka.retry-max-interval", "2h",
                        "com.edgeway.kafka.retry-statuses", "200,503")),
                DEFAULTS);

        assertThat(own).isEqualTo(DEFAULTS);
    }

    private static DeployedFunction function(Map<String, String> annotations) {
        return new DeployedFunction("fn", "openfaas-fn", annotations);
    }
}
