package dev.edgeway.gateway.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ScheduleStateTest {

    private static final Instant T1 = Instant.parse("2026-12-01T10:00:00Z");
    private static final Instant T2 = Instant.parse("2026-12-01T10:01:00Z");
    private static final Duration MAX_RUN = Duration.ofMinutes(10);
    private static final Duration LEASE = Duration.ofSeconds(30);

    @Test
    void aStartedCallRunsUntilItFinishes() {
        ScheduleState running = ScheduleState.NONE.claimed(T1).started(T1, T1);

        assertThat(running.renewed(T1, T2.minusSeconds(1)).running(T2, MAX_RUN, LEASE))
                .isTrue();
        assertThat(running.finished(outcome(T1)).running(T2, MAX_RUN, LEASE)).isFalse();
        assertThat(running.fired()).isEqualTo(1);
    }

    @Test
    void aRunningMarkOlderThanMaxRunNoLongerCounts() {
        ScheduleState renewed = ScheduleState.NONE.claimed(T1).started(T1, T1).renewed(T1, T1.plus(MAX_RUN));

        assertThat(renewed.running(T1.plus(MAX_RUN), MAX_RUN, LEASE)).isFalse();
    }

    @Test
    void aSynchronousCallsMarkNotRenewedForALeaseNoLongerCounts() {
        // its gateway died mid-call: the next tick must not wait for max-run
        ScheduleState started = ScheduleState.NONE.claimed(T1).started(T1, T1);

        assertThat(started.running(T1.plus(LEASE).minusSeconds(1), MAX_RUN, LEASE))
                .isTrue();
        assertThat(started.running(T1.plus(LEASE), MAX_RUN, LEASE)).isFalse();
        assertThat(started.renewed(T1, T1.plus(LEASE)).running(T1.plus(LEASE), MAX_RUN, LEASE))
                .isTrue();
    }

    @Test
    void aQueuedCallsMarkIsNotLeased() {
        // the queue's status of the call tells whether it still runs, not a renewal
        ScheduleState queued = ScheduleState.NONE.claimed(T1).started(T1, T1).queued(queuedOutcome(T1));

        assertThat(queued.running(T1.plus(LEASE.multipliedBy(4)), MAX_RUN, LEASE))
                .isTrue();
    }

    @Test
    void onlyTheMarksOwnTickRenewsIt() {
        ScheduleState later = ScheduleState.NONE.claimed(T2).started(T2, T2);

        assertThat(later.renewed(T1, T2)).isNull();
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

    private static ScheduleState.Outcome queuedOutcome(Instant tick) {
        return new ScheduleState.Outcome(tick, "queued", 202, null, tick, tick, "g", "call-1");
    }

    private static ScheduleState.Outcome outcome(Instant tick) {
        return new ScheduleState.Outcome(tick, "succeeded", 200, null, tick, tick, "g", null);
    }
}
