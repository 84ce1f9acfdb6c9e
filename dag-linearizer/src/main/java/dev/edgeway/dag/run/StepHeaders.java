package dev.edgeway.dag.run;

import dev.edgeway.dag.model.Step;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * The headers of a step call. {@code X-Task-ID} equals {@code X-Run-Id}: a run is a task of the
 * state store, so a function can read earlier outputs through the state API. The config travels
 * as JSON with non-ASCII escaped, since header values are ASCII.
 */
public final class StepHeaders {

    public static final String RUN_ID = "X-Run-Id";
    public static final String TASK_ID = "X-Task-ID";
    public static final String PIPELINE = "X-Pipeline";
    public static final String STEP_ID = "X-Step-Id";
    public static final String ATTEMPT = "X-Step-Attempt";
    public static final String CONFIG = "X-Step-Config";

    private final JsonMapper json = StepJson.HEADER;

    Map<String, String> of(String runId, String pipeline, Step step, int attempt) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(RUN_ID, runId);
        headers.put(TASK_ID, runId);
        headers.put(PIPELINE, pipeline);
        headers.put(STEP_ID, step.id().value());
        headers.put(ATTEMPT, Integer.toString(attempt));
        if (!step.config().isEmpty()) {
            headers.put(CONFIG, json.writeValueAsString(step.config()));
        }
        return headers;
    }
}
