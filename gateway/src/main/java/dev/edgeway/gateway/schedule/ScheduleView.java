package dev.edgeway.gateway.schedule;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * One schedule as {@code GET /system/schedules} shows it: its annotations as read, when it fires
 * next on this gateway, and from the shared state, when it last fired, on which gateway, and how
 * that ended.
 *
 * @param invocation {@code sync}; {@code async} is requested with cron-connector's annotation, but is called
 *     synchronously until {@code /async-function} exists, which {@code asyncRequested} shows
 * @param running the tick whose call is running now, if any
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ScheduleView(
        String function,
        String namespace,
        String schedule,
        String timezone,
        String overlap,
        String invocation,
        boolean asyncRequested,
        @Nullable Instant nextTick,
        @Nullable Instant lastTick,
        @Nullable Instant running,
        ScheduleState.@Nullable Outcome lastOutcome,
        long fired,
        long skipped) {

    static ScheduleView of(TickScheduler.Planned planned, ScheduleState state) {
        Schedule s = planned.schedule();
        return new ScheduleView(
                s.function(),
                s.namespace(),
                s.cron().text(),
                s.cron().zone().getId(),
                s.overlap().name().toLowerCase(Locale.ROOT),
                "sync",
                s.asyncRequested(),
                planned.nextTick(),
                state.lastTick(),
                state.runningTick(),
                state.lastOutcome(),
                state.fired(),
                state.skipped());
    }
}
