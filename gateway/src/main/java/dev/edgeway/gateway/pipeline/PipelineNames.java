package dev.edgeway.gateway.pipeline;

import dev.edgeway.storage.task.KeyToken;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/** Checks the names in a pipelines API path: pipeline names (DNS-1123 labels) and run ids (state-store task ids). */
public final class PipelineNames {

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9_-]{1," + KeyToken.MAX_LENGTH + "}");

    private PipelineNames() {}

    /** The name, or a 400 problem when it is not a DNS-1123 label. */
    public static String requireName(String name) {
        if (!DNS_LABEL.matcher(name).matches()) {
            throw new PipelineProblem(
                    ProblemType.INVALID_PIPELINE_NAME,
                    "name: " + (name.isEmpty() ? "\"\"" : name)
                            + " (expected: a DNS-1123 label: at most 63 of a-z 0-9 -, starting and ending"
                            + " with a letter or digit)",
                    Map.of("pipeline", name),
                    Map.of());
        }
        return name;
    }

    /** The run id, or a 400 problem when it is not a task id of the state store. */
    public static String requireRunId(String runId) {
        if (!RUN_ID.matcher(runId).matches()) {
            throw new PipelineProblem(
                    ProblemType.INVALID_RUN_ID,
                    "run id: " + (runId.isEmpty() ? "\"\"" : runId) + " (expected: " + KeyToken.RULE + ")",
                    Map.of("run_id", runId),
                    Map.of());
        }
        return runId;
    }

    /** A new run id: a random UUID, which is a valid task id. */
    public static String newRunId() {
        return UUID.randomUUID().toString();
    }
}
