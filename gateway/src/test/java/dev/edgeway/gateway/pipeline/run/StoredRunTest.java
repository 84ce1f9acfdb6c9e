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
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

class StoredRunTest {

    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** A {@code _run} variable as the gateway wrote it before the stored format had a class of its own. */
    private static final String WRITTEN_BEFORE = """
            {"run_id":"run-1","pipeline":"edge","status":"failed","stopped_at":"b",\
            "reason":"step b failed: boom (after 3 attempts)","started_at":"2026-01-02T03:04:05.123456789Z",\
            "finished_at":"2026-01-02T03:04:05.164456789Z","duration_ms":41.0,"steps":[\
            {"id":"a","status":"done","attempts":1,"started_at":"2026-01-02T03:04:05.123456789Z",\
            "finished_at":"2026-01-02T03:04:05.135456789Z","duration_ms":12.0},\
            {"id":"b","status":"failed","attempts":3,"started_at":"2026-01-02T03:04:05.135456789Z",\
            "finished_at":"2026-01-02T03:04:05.163456789Z","duration_ms":28.0,"error":"boom"},\
            {"id":"c","status":"pending","attempts":0}]}""";

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
    void keepsEveryFieldOfARunThroughJson() {
        byte[] json = JSON.writeValueAsBytes(StoredRun.of(failed));

        assertThat(JSON.readValue(json, StoredRun.class).toState()).isEqualTo(failed);
    }

    @Test
    void readsARunStoredByEarlierGatewaysAndWritesItTheSameWay() {
        assertThat(JSON.readValue(WRITTEN_BEFORE, StoredRun.class).toState()).isEqualTo(failed);
        assertThat(JSON.writeValueAsString(StoredRun.of(failed))).isEqualTo(WRITTEN_BEFORE);
    }
}
