package dev.edgeway.gateway.schedule;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What the schedules bucket holds for one schedule, shared by every gateway: the last tick
 * claimed (the compare-and-set that makes each tick fire once), the call running, if any, and
 * the last outcome.
 *
 * @param lastTick the latest tick a gateway claimed
 * @param runningTick the tick whose call is running, or null
 * @param runningSince when that call started
 * @param runningRenewed when the gateway making that call last said it still runs it (it renews the mark while a
 *     synchronous call runs, so that the mark of a gateway that died expires after the running lease, not max-run)
 * @param runningCall the call id (async) or run id (pipeline in the background) that call was queued as, or
 *     null while it is made synchronously: the queue's status of it tells whether it still counts as running
 * @param lastOutcome how the latest finished or skipped tick ended
 * @param fired how many ticks called the function
 * @param skipped how many ticks were skipped because the previous call still ran
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ScheduleState(
        @Nullable Instant lastTick,
        @Nullable Instant runningTick,
        @Nullable Instant runningSince,
        @Nullable Instant runningRenewed,
        @Nullable String runningCall,
        @Nullable Outcome lastOutcome,
        long fired,
        long skipped) {

    static final ScheduleState NONE = new ScheduleState(null, null, null, null, null, null, 0, 0);

    /**
     * How one tick ended.
     *
     * @param tick the tick
     * @param result {@code succeeded} (2xx), {@code failed} (any other status, or no answer), {@code skipped},
     *     or {@code queued} (an asynchronous call or background run accepted; its own status tells the rest)
     * @param status the function's status code, 0 when there was none
     * @param error why it failed without a status, or null
     * @param startedAt when the call started (or the tick was skipped)
     * @param finishedAt when it ended
     * @param gateway the gateway that fired the tick
     * @param callId the call id ({@code GET /system/async/calls/{callId}}) or run id of a queued call, or null
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Outcome(
            Instant tick,
            String result,
            int status,
            @Nullable String error,
            Instant startedAt,
            Instant finishedAt,
            String gateway,
            @Nullable String callId) {}

    /**
     * Whether a call started by some gateway still counts as running at {@code now}: it started
     * less than {@code maxRun} ago and, made synchronously, its gateway renewed the mark less than
     * {@code lease} ago. A queued call's mark is not renewed: the queue's status of it tells.
     */
    boolean running(Instant now, Duration maxRun, Duration lease) {
        if (runningTick == null
                || runningSince == null
                || !runningSince.plus(maxRun).isAfter(now)) {
            return false;
        }
        Instant renewed = runningRenewed == null ? runningSince : runningRenewed;
        return runningCall != null || renewed.plus(lease).isAfter(now);
    }

    /** The mark of {@code tick}'s call renewed at {@code now}, or null when that call no longer holds it. */
    @Nullable
    ScheduleState renewed(Instant tick, Instant now) {
        if (!tick.equals(runningTick)) {
            return null;
        }
        return new ScheduleState(lastTick, runningTick, runningSince, now, runningCall, lastOutcome, fired, skipped);
    }

    ScheduleState claimed(Instant tick) {
        return new ScheduleState(
                tick, runningTick, runningSince, runningRenewed, runningCall, lastOutcome, fired, skipped);
    }

    ScheduleState started(Instant tick, Instant now) {
        return new ScheduleState(lastTick, tick, now, now, null, lastOutcome, fired + 1, skipped);
    }

    ScheduleState skipped(Outcome outcome) {
        return new ScheduleState(
                lastTick, runningTick, runningSince, runningRenewed, runningCall, outcome, fired, skipped + 1);
    }

    /** The call of {@code outcome}'s tick ended; a later call's running mark (overlap allowed) stays. */
    ScheduleState finished(Outcome outcome) {
        boolean mine = outcome.tick().equals(runningTick);
        return new ScheduleState(
                lastTick,
                mine ? null : runningTick,
                mine ? null : runningSince,
                mine ? null : runningRenewed,
                mine ? null : runningCall,
                outcome,
                fired,
                skipped);
    }

    /** The call of {@code outcome}'s tick was queued: it runs on as the queued call, until its status says it ended. */
    ScheduleState queued(Outcome outcome) {
        boolean mine = outcome.tick().equals(runningTick);
        return new ScheduleState(
                lastTick,
                runningTick,
                runningSince,
                runningRenewed,
                mine ? outcome.callId() : runningCall,
                outcome,
                fired,
                skipped);
    }
}
