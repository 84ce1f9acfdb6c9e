package dev.edgeway.dag.run;

import dev.edgeway.dag.linearize.ChainLink;
import dev.edgeway.dag.model.StepId;
import java.nio.charset.StandardCharsets;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The input of a step: the pipeline input for a step without parents, its parent's output for a
 * step with one parent, and for several parents a JSON object keyed by parent id (in the order
 * the step lists them) where an output that is JSON is embedded as JSON and any other output as
 * a string (decoded as UTF-8). The input keeps its parent's media type; a fan-in is JSON; the
 * pipeline input's type is not known here.
 */
final class StepInput {

    private static final String JSON_TYPE = "application/json";

    private final JsonMapper json = StepJson.BODY;
    private final RunStore store;

    StepInput(RunStore store) {
        this.store = store;
    }

    Payload of(String runId, ChainLink link) {
        if (link.parents().isEmpty()) {
            return Payload.of(store.input(runId)
                    .orElseThrow(() -> new IllegalStateException("run " + runId + ": no pipeline input in the store")));
        }
        if (link.parents().size() == 1) {
            return output(runId, link.parents().getFirst());
        }
        ObjectNode merged = json.createObjectNode();
        for (StepId parent : link.parents()) {
            merged.set(parent.value(), embed(output(runId, parent).bytes()));
        }
        return new Payload(json.writeValueAsBytes(merged), JSON_TYPE);
    }

    private Payload output(String runId, StepId parent) {
        return store.output(runId, parent)
                .orElseThrow(() -> new IllegalStateException("run " + runId + ": step " + parent + " has no output"));
    }

    private JsonNode embed(byte[] output) {
        try {
            JsonNode node = json.readTree(output);
            if (node != null && !node.isMissingNode()) {
                return node;
            }
        } catch (JacksonException e) {
            // not JSON: embedded as a string below
        }
        return json.getNodeFactory().stringNode(new String(output, StandardCharsets.UTF_8));
    }
}
