package dev.edgeway.gateway.pipeline.definition;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgeway.dag.parse.DagParser;
import dev.edgeway.dag.validate.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PipelineScheduleTest {

    private final List<Violation> violations = new ArrayList<>();

    @Test
    void readsTheShortFormAsACronExpressionAlone() {
        assertThat(read("name: p\nschedule: \"0 2 * * *\"\nsteps: []\n"))
                .contains(new PipelineSchedule("0 2 * * *", null, null, false));
        assertThat(violations).isEmpty();
    }

    @Test
    void readsTheMappingWithEveryOption() {
        String yaml = "name: p\nschedule:\n  cron: \"*/10 * * * * *\"\n  timezone: Europe/Berlin\n"
                + "  overlap: allow\n  async: true\nsteps: []\n";

        assertThat(read(yaml)).contains(new PipelineSchedule("*/10 * * * * *", "Europe/Berlin", "allow", true));
        assertThat(violations).isEmpty();
    }

    @Test
    void readsJsonAndTakesAsyncAsTheAnnotationsString() {
        String json = "{\"name\":\"p\",\"schedule\":{\"cron\":\"@hourly\",\"async\":\"true\"},\"steps\":[]}";

        assertThat(readAs(json, DagParser.Format.JSON)).contains(new PipelineSchedule("@hourly", null, null, true));
    }

    @Test
    void aDefinitionWithoutScheduleHasNone() {
        assertThat(read("name: p\nsteps: []\n")).isEmpty();
        assertThat(violations).isEmpty();
    }

    @Test
    void locatesEveryProblemOfItsShape() {
        read("name: p\nschedule:\n  every: 5m\n  timezone: 2\nsteps: []\n");

        assertThat(violations)
                .extracting(Violation::message)
                .containsExactlyInAnyOrder(
                        "schedule.every: unknown field (expected: one of cron, timezone, overlap, async)",
                        "schedule.cron: missing (expected: a cron expression)");
        violations.clear();

        read("name: p\nschedule: [1, 2]\nsteps: []\n");
        assertThat(violations).extracting(Violation::location).containsExactly("schedule");
    }

    private Optional<PipelineSchedule> read(String yaml) {
        return readAs(yaml, DagParser.Format.YAML);
    }

    private Optional<PipelineSchedule> readAs(String text, DagParser.Format format) {
        return PipelineSchedule.read(text, format, violations);
    }
}
