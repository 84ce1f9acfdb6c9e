package dev.edgeway.gateway.pipeline.definition;

import dev.edgeway.dag.validate.Violation;
import java.util.List;

/**
 * Checks a definition's {@code schedule} values (cron expression, zone, overlap) as the cron
 * trigger reads them, so that a definition with a bad one is refused when it is saved. A port:
 * the cron trigger implements it.
 */
public interface ScheduleCheck {

    /** Every problem of the schedule's values; empty when the trigger can run it. */
    List<Violation> check(PipelineSchedule schedule);
}
