package dev.edgeway.gateway.async;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private static final AsyncProperties.Retry DEFAULTS = new AsyncProperties.Retry(
            3, Duration.ofSeconds(1), Duration.ofSeconds(30), List.of(408, 429, 502, 503, 504));

    @Test
    void usesTheGatewayDefaultsWithoutAnnotations() {
        RetryPolicy policy = RetryPolicy.of(DEFAULTS, Map.of());

        assertThat(policy.attempts()).isEqualTo(3);
        assertThat(policy.retries(503)).isTrue();
        assertThat(policy.retries(500)).isFalse();
        assertThat(policy.minWait()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void letsOpenFaasProAnnotationsWin() {
        RetryPolicy policy = RetryPolicy.of(
                DEFAULTS,
                Map.of(
                        "com.openfaas.retry.attempts", "5",
                        "com.openfaas.retry.codes", "500, 429",
                        "com.openfaas.retry.min_wait", "250ms",
                        "com.openfaas.retry.max_wait", "1m"));

        assertThat(policy.attempts()).isEqualTo(5);
        assertThat(policy.codes()).containsExactlyInAnyOrder(500, 429);
        assertThat(policy.minWait()).isEqualTo(Duration.ofMillis(250));
        assertThat(policy.maxWait()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void keepsTheDefaultForAnAnnotationThatDoesNotParse() {
        RetryPolicy policy = RetryPolicy.of(
                DEFAULTS, Map.of("com.openfaas.retry.attempts", "many", "com.openfaas.retry.min_wait", "soon"));

        assertThat(policy.attempts()).isEqualTo(3);
        assertThat(policy.minWait()).isEqualTo(Duration.ofSeconds(1));
    }
}
