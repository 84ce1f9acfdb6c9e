package dev.edgeway.gateway.pipeline.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgeway.dag.model.StepId;
import dev.edgeway.dag.run.RunState;
import dev.edgeway.dag.run.RunStatus;
import dev.edgeway.dag.run.StepState;
import dev.edgeway.dag.run.StepStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class RunViewTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Instant T0 = Instant.parse("2026-01-02T03:04:05.123456789Z");

    private final RunState failed = new RunState(
            "run-1",
            "edge",
            RunStatus.FAILED,
            List.of(
                    new StepState(StepId.of("a"), StepStatus.DONE, 1, T0, T0.plusMillis(12), null),
                    new StepState(StepId.of("b"), StepStatus.FAILED, 3, T0.plusMillis(12), T0.plusMillis(40), "boom"),
                    StepState.pending(StepId.of("c"))),
            StepId.of("b"),
            "step b failed: boom (after 3 attempts)",
            T0,
            T0.plusMillis(41));

    @Test
    void showsStatusesInLowerCaseWithDurationsInMillisecondsAndNoNulls() {
        JsonNode json = JSON.valueToTree(RunView.of(failed));

        assertThat(json.get("status").asString()).isEqualTo("failed");
        assertThat(json.get("duration_ms").asDouble()).isEqualTo(41.0);
        assertThat(json.get("steps").get(1).get("status").asString()).isEqualTo("failed");
        assertThat(json.get("steps").get(1).get("duration_ms").asDouble()).isEqualTo(28.0);
        assertThat(json.get("steps").get(2).propertyNames()).containsExactly("id", "status", "attempts");
    }
}
