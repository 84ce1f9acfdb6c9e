package dev.edgeway.storage.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RestartBackoffTest {

    private final RestartBackoff backoff =
            new RestartBackoff(Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(10));

    @Test
    void doublesWhileTheChildKeepsDyingUpToTheMaximum() {
        assertThat(backoff.afterFailedStart()).isEqualTo(Duration.ofMillis(100));
        assertThat(backoff.afterExit(Duration.ofMillis(5))).isEqualTo(Duration.ofMillis(200));
        assertThat(backoff.afterExit(Duration.ofMillis(5))).isEqualTo(Duration.ofMillis(400));
        assertThat(backoff.afterExit(Duration.ofMillis(5))).isEqualTo(Duration.ofMillis(500));
        assertThat(backoff.afterFailedStart()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void startsOverAfterARunThatLastedTheStableTime() {
        backoff.afterFailedStart();
        backoff.afterFailedStart();

        assertThat(backoff.afterExit(Duration.ofSeconds(10))).isEqualTo(Duration.ofMillis(100));
        assertThat(backoff.afterExit(Duration.ofSeconds(1))).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void refusesAMaximumBelowTheFirstPause() {
        assertThatThrownBy(() -> new RestartBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("backoff: first PT2S, max PT1S (expected: 0 < first <= max)");
    }
}
