package dev.edgeway.dag.parse;

import dev.edgeway.dag.model.Dag;
import dev.edgeway.dag.model.FunctionTarget;
import dev.edgeway.dag.model.HttpTarget;
import dev.edgeway.dag.model.RetryPolicy;
import dev.edgeway.dag.model.Step;
import dev.edgeway.dag.model.StepId;
import dev.edgeway.dag.model.StepTarget;
import dev.edgeway.dag.validate.Violation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Walks a parsed document into the model, collecting a violation for every missing, unknown or
 * mistyped field instead of stopping at the first. One instance reads one document.
 */
final class DefinitionReader {

    /** {@code schedule} belongs to the application running the pipeline (the gateway's cron trigger): not read here. */
    private static final List<String> FIELDS = List.of("name", "input", "steps", "schedule");

    private static final List<String> STEP_FIELDS =
            List.of("id", "function", "http", "after", "timeout", "retries", "priority", "config");

    private final List<Violation> out = new ArrayList<>();
    private final NodeValues values = new NodeValues(out);

    ParseResult read(@Nullable JsonNode root) {
        if (root == null || root.isMissingNode() || root.isNull()) {
            out.add(new Violation.Malformed("document", "empty (expected: a pipeline definition with name and steps)"));
            return new ParseResult.Rejected(out);
        }
        if (!root.isObject()) {
            values.mistyped("document", root, "a mapping with name, input and steps");
            return new ParseResult.Rejected(out);
        }
        values.unknownFields("", root, FIELDS);
        String name = values.requiredScalar(root, "name", "name", "the pipeline name");
        JsonNode inputNode = root.get("input");
        String input = inputNode == null || inputNode.isNull() ? "" : values.scalar(inputNode, "input");
        List<Step> steps = new ArrayList<>();
        JsonNode stepNodes = root.get("steps");
        if (stepNodes == null) {
            out.add(new Violation.Malformed("steps", "missing (expected: a list of steps)"));
        } else if (stepNodes.isArray()) {
            for (int i = 0; i < stepNodes.size(); i++) {
                Step step = readStep(stepNodes.get(i), i);
                if (step != null) {
                    steps.add(step);
                }
            }
        } else if (!stepNodes.isNull()) {
            values.mistyped("steps", stepNodes, "a list of steps");
        }
        if (!out.isEmpty() || name == null || input == null) {
            return new ParseResult.Rejected(out);
        }
        return new ParseResult.Parsed(new Dag(name, steps, input));
    }

    private @Nullable Step readStep(JsonNode node, int index) {
        String at = "steps[" + index + "]";
        if (!node.isObject()) {
            values.mistyped(at, node, "a mapping with id and function or http");
            return null;
        }
        int before = out.size();
        String id = values.requiredScalar(node, "id", at + ".id", "the step id");
        if (id != null) {
            at = at + " (" + id + ")";
        }
        values.unknownFields(at + ".", node, STEP_FIELDS);
        StepTarget target = readTarget(node, at);
        List<StepId> after = readAfter(node.get("after"), at + ".after");
        Duration timeout = values.duration(node.get("timeout"), at + ".timeout", Step.DEFAULT_TIMEOUT);
        RetryPolicy retries = new RetryReader(values).read(node.get("retries"), at + ".retries");
        int priority = values.integer(node.get("priority"), at + ".priority", 0);
        Map<String, Object> config = values.config(node.get("config"), at + ".config");
        if (out.size() > before || id == null || target == null || after == null || timeout == null) {
            return null;
        }
        return new Step(StepId.of(id), target, after, timeout, retries, priority, config);
    }

    private @Nullable StepTarget readTarget(JsonNode node, String at) {
        JsonNode function = node.get("function");
        JsonNode http = node.get("http");
        if (function != null && http != null) {
            out.add(new Violation.Malformed(at, "both function and http (expected: exactly one target)"));
            return null;
        }
        if (function == null && http == null) {
            out.add(new Violation.Malformed(at, "no target (expected: function: name[.namespace] or http: URL)"));
            return null;
        }
        if (function != null) {
            String name = values.scalar(function, at + ".function");
            return name == null ? null : FunctionTarget.parse(name);
        }
        String url = values.scalar(http, at + ".http");
        return url == null ? null : new HttpTarget(url);
    }

    private @Nullable List<StepId> readAfter(@Nullable JsonNode node, String at) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (node.isArray()) {
            List<StepId> ids = new ArrayList<>(node.size());
            for (int i = 0; i < node.size(); i++) {
                String id = values.scalar(node.get(i), at + "[" + i + "]");
                if (id != null) {
                    ids.add(StepId.of(id));
                }
            }
            return ids.size() == node.size() ? ids : null;
        }
        String single = values.scalar(node, at);
        return single == null ? null : List.of(StepId.of(single));
    }
}
