package dev.edgeway.gateway.schedule;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * One schedule as {@code GET /system/schedules} shows it: its annotations (or its pipeline's
 * {@code schedule}) as read, when it fires next on this gateway, and from the shared state, when
 * it last fired, on which gateway, and how that ended.
 *
 * @param function the scheduled function, or null for a pipeline's schedule
 * @param namespace the function's namespace, or null for a pipeline's schedule
 * @param pipeline the scheduled pipeline, or null for a function's schedule
 * @param invocation {@code sync}, or {@code async} (through the async queue, or a background run for a
 *     pipeline); {@code async: "true"} with the async queue off ({@code edgeway.async.enabled}) stays {@code sync},
 *     which {@code asyncRequested} shows
 * @param running the tick whose call is running now (or, for {@code async}, queued or running), if any
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ScheduleView(
        @Nullable String function,
        @Nullable String namespace,
        @Nullable String pipeline,
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

    /** {@code running} is the shared state's, unless the call it was queued as has ended. Blocking. */
    static ScheduleView of(TickScheduler.Planned planned, ScheduleState state, ScheduledCall call) {
        Schedule s = planned.schedule();
        boolean pipeline = s.kind() == Schedule.Kind.PIPELINE;
        boolean ended = state.runningCall() != null && !call.isPending(s, state.runningCall());
        return new ScheduleView(
                pipeline ? null : s.function(),
                pipeline ? null : s.namespace(),
                pipeline ? s.function() : null,
                s.cron().text(),
                s.cron().zone().getId(),
                s.overlap().name().toLowerCase(Locale.ROOT),
                call.isAsync(s) ? "async" : "sync",
                s.asyncRequested(),
                planned.nextTick(),
                state.lastTick(),
                ended ? null : state.runningTick(),
                state.lastOutcome(),
                state.fired(),
                state.skipped());
    }

    /** Functions by namespace and name, then pipelines by name. */
    String sortKey() {
        return pipeline == null ? "0/" + namespace + "/" + function : "1/" + pipeline;
    }
}
