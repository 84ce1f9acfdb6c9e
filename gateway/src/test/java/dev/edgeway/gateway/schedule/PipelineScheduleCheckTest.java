package dev.edgeway.gateway.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgeway.dag.validate.Violation;
import dev.edgeway.gateway.pipeline.definition.PipelineSchedule;
import java.time.ZoneId;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

class PipelineScheduleCheckTest {

    private final PipelineScheduleCheck check = new PipelineScheduleCheck();

    @Test
    void acceptsWhatAFunctionsAnnotationsAccept() {
        assertThat(check.check(new PipelineSchedule("*/10 * * * * *", "Europe/Berlin", "allow", true)))
                .isEmpty();
        assertThat(check.check(new PipelineSchedule("@daily", null, null, false)))
                .isEmpty();
    }

    @Test
    void locatesEachBadValueWithTheMessageABadAnnotationGets() {
        assertThat(check.check(new PipelineSchedule("*/5 * *", "Mars/Olympus", "sometimes", false)))
                .extracting(Violation::location, Violation::message)
                .containsExactly(
                        Tuple.tuple(
                                "schedule.cron",
                                "schedule.cron: \"*/5 * *\" has 3 fields (expected: 5, minute first, or 6 with seconds first)"),
                        Tuple.tuple(
                                "schedule.timezone",
                                "schedule.timezone: \"Mars/Olympus\" is not a time zone (expected: a region such as"
                                        + " Europe/Berlin, or an offset such as +02:00)"),
                        Tuple.tuple(
                                "schedule.overlap",
                                "schedule.overlap: \"sometimes\" is invalid (expected: skip or allow)"));
    }

    @Test
    void readsAPipelinesScheduleInTheDefaultZone() {
        Schedule schedule = PipelineScheduleCheck.read(
                "sweep", new PipelineSchedule("0 * * * *", null, null, true), ZoneId.of("UTC"));

        assertThat(schedule.key()).isEqualTo("pl.sweep");
        assertThat(schedule.kind()).isEqualTo(Schedule.Kind.PIPELINE);
        assertThat(schedule.asyncRequested()).isTrue();
        assertThat(schedule.overlap()).isEqualTo(Overlap.SKIP);
        assertThat(schedule.cron().zone()).isEqualTo(ZoneId.of("UTC"));
    }
}
