package dev.edgeway.gateway.autoscaling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgeway.gateway.autoscaling.ReplicaDecision.LoadSample;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReplicaDecisionTest {

    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    private static final Duration WINDOW = Duration.ofMinutes(2);
    private static final Instant LONG_AGO = NOW.minus(Duration.ofDays(1));
    private static final ScalingPolicy DEFAULTS = ScalingPolicy.from(Map.of(), 20);

    private static List<LoadSample> samples(double... loads) {
        // One sample every 10 s, the last one now.
        return IntStream.range(0, loads.length)
                .mapToObj(i -> new LoadSample(NOW.minusSeconds(10L * (loads.length - 1 - i)), loads[i]))
                .toList();
    }

    private static long desired(ScalingPolicy policy, long current, List<LoadSample> samples) {
        return ReplicaDecision.desired(policy, current, samples, NOW, LONG_AGO, NOW, WINDOW);
    }

    @ParameterizedTest
    @CsvSource({
        // load per second, replicas wanted with target 50 at 0.90 (45 per replica)
        "0, 1",
        "1, 1",
        "45, 1",
        "46, 2",
        "90, 2",
        "91, 3",
        "10000, 20",
    })
    void recommendsOneReplicaPerTargetTimesProportionWithinMinAndMax(double load, long replicas) {
        assertThat(ReplicaDecision.recommend(DEFAULTS, load)).isEqualTo(replicas);
    }

    @Test
    void scalesUpAtOnce() {
        assertThat(desired(DEFAULTS, 1, samples(0, 0, 200))).isEqualTo(5);
    }

    @Test
    void scalesDownOnlyToTheHighestRecommendationOfTheWindow() {
        assertThat(desired(DEFAULTS, 5, samples(200, 100, 0))).isEqualTo(5);
        assertThat(desired(DEFAULTS, 5, samples(100, 50, 0))).isEqualTo(3);
    }

    @Test
    void scalesDownOnceTheBusySamplesLeftTheWindow() {
        List<LoadSample> samples =
                List.of(new LoadSample(NOW.minus(WINDOW).minusSeconds(1), 500), new LoadSample(NOW, 0));

        assertThat(desired(DEFAULTS, 5, samples)).isEqualTo(1);
    }

    @Test
    void holdsAReplicaCountSetWithinTheWindow() {
        assertThat(ReplicaDecision.desired(DEFAULTS, 4, samples(0), NOW, NOW.minusSeconds(30), NOW, WINDOW))
                .isEqualTo(4);
        assertThat(ReplicaDecision.desired(DEFAULTS, 4, samples(500), NOW, NOW.minusSeconds(30), NOW, WINDOW))
                .isEqualTo(12);
    }

    @Test
    void neverGoesBelowMinOrAboveMax() {
        ScalingPolicy policy =
                ScalingPolicy.from(Map.of("com.openfaas.scale.min", "2", "com.openfaas.scale.max", "4"), 20);

        assertThat(desired(policy, 3, samples(0))).isEqualTo(2);
        assertThat(desired(policy, 3, samples(1000))).isEqualTo(4);
    }

    @Test
    void leavesAFunctionWhoseMaxEqualsMinAlone() {
        ScalingPolicy policy =
                ScalingPolicy.from(Map.of("com.openfaas.scale.min", "3", "com.openfaas.scale.max", "3"), 20);

        assertThat(policy.fixed()).isTrue();
        assertThat(desired(policy, 1, samples(1000))).isEqualTo(1);
    }

    @Test
    void measuresCapacityInCallsInFlight() {
        ScalingPolicy policy =
                ScalingPolicy.from(Map.of("com.openfaas.scale.type", "capacity", "com.openfaas.scale.target", "2"), 20);

        // 2 at 0.90 is 1.8 calls in flight per replica.
        assertThat(desired(policy, 1, samples(4))).isEqualTo(3);
    }

    @Test
    void scalesAnIdleFunctionToZeroOnlyWhenLabelledAndIdleLongEnough() {
        ScalingPolicy zero = ScalingPolicy.from(
                Map.of("com.openfaas.scale.zero", "true", "com.openfaas.scale.zero-duration", "30s"), 20);
        Instant lastActive = NOW.minusSeconds(30);

        assertThat(ReplicaDecision.desired(zero, 1, samples(0), lastActive, NOW, NOW, WINDOW))
                .isZero();
        assertThat(ReplicaDecision.desired(zero, 1, samples(0), lastActive.plusSeconds(1), LONG_AGO, NOW, WINDOW))
                .isEqualTo(1);
        assertThat(ReplicaDecision.desired(DEFAULTS, 1, samples(0), LONG_AGO, LONG_AGO, NOW, WINDOW))
                .isEqualTo(1);
    }

    @Test
    void leavesAFunctionAtZeroForTheNextCallToWake() {
        assertThat(desired(DEFAULTS, 0, samples(500))).isZero();
    }

    @Test
    void keepsTheReplicasOfCpuScaledFunctionsWhoseProviderReportsNoCpu() {
        ScalingPolicy cpu = ScalingPolicy.from(Map.of("com.openfaas.scale.type", "cpu"), 20);

        // LoadHistory adds no sample for a status without usage.cpu.
        assertThat(desired(cpu, 2, samples())).isEqualTo(2);
    }

    @Test
    void scalesCpuScaledFunctionsByTheMillicoresTheirReplicasUse() {
        ScalingPolicy cpu =
                ScalingPolicy.from(Map.of("com.openfaas.scale.type", "cpu", "com.openfaas.scale.target", "500"), 20);

        // 1800m over 450m per replica (500m at 0.90).
        assertThat(desired(cpu, 1, samples(1800))).isEqualTo(4);
    }

    @Test
    void readsOpenFaasProDefaultsAndIgnoresUnparseableLabels() {
        ScalingPolicy policy = ScalingPolicy.from(
                Map.of(
                        "com.openfaas.scale.target", "lots",
                        "com.openfaas.scale.max", "-3",
                        "com.openfaas.scale.zero-duration", "soon"),
                20);

        assertThat(policy)
                .isEqualTo(
                        new ScalingPolicy(1, 20, 50, 0.90, ScalingPolicy.LoadType.RPS, false, Duration.ofMinutes(15)));
    }
}
