package dev.edgeway.gateway.schedule;

import dev.edgeway.dag.validate.Violation;
import dev.edgeway.gateway.pipeline.definition.PipelineSchedule;
import dev.edgeway.gateway.pipeline.definition.ScheduleCheck;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a pipeline's {@code schedule} with the rules of a function's schedule annotations (the
 * same cron forms, zones and overlap policies), and checks it for the definition's save: each bad
 * value becomes a violation located at its field, with the message a bad annotation gets.
 */
final class PipelineScheduleCheck implements ScheduleCheck {

    @Override
    public List<Violation> check(PipelineSchedule schedule) {
        List<Violation> violations = new ArrayList<>();
        problem(() -> CronSchedule.parse(schedule.cron(), ZoneId.of("UTC")))
                .ifPresent(message -> violations.add(new Violation.Malformed("schedule.cron", message)));
        problem(() -> ScheduleAnnotations.zone(schedule.timezone(), ZoneId.of("UTC")))
                .ifPresent(message -> violations.add(new Violation.Malformed("schedule.timezone", message)));
        if (schedule.overlap() != null) {
            problem(() -> Overlap.parse(schedule.overlap()))
                    .ifPresent(message -> violations.add(new Violation.Malformed("schedule.overlap", message)));
        }
        return List.copyOf(violations);
    }

    /** The pipeline's schedule, read as the cron trigger runs it; {@link InvalidScheduleException} for bad values. */
    static Schedule read(String pipeline, PipelineSchedule schedule, ZoneId defaultZone) {
        return Schedule.ofPipeline(
                pipeline,
                CronSchedule.parse(schedule.cron(), ScheduleAnnotations.zone(schedule.timezone(), defaultZone)),
                schedule.overlap() == null ? Overlap.SKIP : Overlap.parse(schedule.overlap()),
                schedule.async());
    }

    /** The problem of one value, without the annotation name the message starts with (the location says it). */
    private static Optional<String> problem(Runnable read) {
        try {
            read.run();
            return Optional.empty();
        } catch (InvalidScheduleException e) {
            String message = e.getMessage();
            int named = message.indexOf(": ");
            return Optional.of(named < 0 ? message : message.substring(named + 2));
        }
    }
}
