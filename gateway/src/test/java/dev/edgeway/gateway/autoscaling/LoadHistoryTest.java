package dev.edgeway.gateway.autoscaling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgeway.gateway.autoscaling.ReplicaDecision.LoadSample;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LoadHistoryTest {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration WINDOW = Duration.ofMinutes(2);

    @Test
    void samplesTheCpuTheProviderReportsInMillicores() {
        LoadHistory history = new LoadHistory(START, 0, 1);

        assertThat(history.record(START.plusSeconds(5), 0, 0, 1, 1, 900.0, ScalingPolicy.LoadType.CPU, WINDOW))
                .extracting(LoadSample::load)
                .containsExactly(900.0);
    }

    @Test
    void addsNoCpuSampleWhenTheProviderReportsNone() {
        LoadHistory history = new LoadHistory(START, 0, 1);

        assertThat(history.record(START.plusSeconds(5), 10, 0, 1, 1, null, ScalingPolicy.LoadType.CPU, WINDOW))
                .isEmpty();
    }

    @Test
    void countsCallsPerSecondWhateverTheProviderReports() {
        LoadHistory history = new LoadHistory(START, 0, 1);

        assertThat(history.record(START.plusSeconds(5), 50, 0, 1, 1, 900.0, ScalingPolicy.LoadType.RPS, WINDOW))
                .extracting(LoadSample::load)
                .containsExactly(10.0);
    }
}
