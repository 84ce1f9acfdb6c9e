package dev.edgeway.gateway.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ScheduleStateTest {

    private static final Instant T1 = Instant.parse("2026-12-01T10:00:00Z");
    private static final Instant T2 = Instant.parse("2026-12-01T10:01:00Z");
    private static final Duration LEASE = Duration.ofMinutes(10);

    @Test
    void aStartedCallRunsUntilItFinishes() {
        ScheduleState running = ScheduleState.NONE.claimed(T1).started(T1, T1);

        assertThat(running.running(T2, LEASE)).isTrue();
        assertThat(running.finished(outcome(T1)).running(T2, LEASE)).isFalse();
        assertThat(running.fired()).isEqualTo(1);
    }

    @Test
    void aRunningMarkOlderThanTheLeaseNoLongerCounts() {
        ScheduleState abandoned = ScheduleState.NONE.claimed(T1).started(T1, T1);

        assertThat(abandoned.running(T1.plus(LEASE), LEASE)).isFalse();
    }

    @Test
    void anEarlierCallFinishingLeavesALaterCallsRunningMark() {
        // overlap allowed: the call of T2 started while T1's still ran
        ScheduleState both =
                ScheduleState.NONE.claimed(T1).started(T1, T1).claimed(T2).started(T2, T2);

        ScheduleState after = both.finished(outcome(T1));

        assertThat(after.runningTick()).isEqualTo(T2);
        assertThat(after.lastOutcome()).isEqualTo(outcome(T1));
    }

    private static ScheduleState.Outcome outcome(Instant tick) {
        return new ScheduleState.Outcome(tick, "succeeded", 200, null, tick, tick, "g", null);
    }
}
