package dev.edgeway.gateway.pipeline.definition;

import dev.edgeway.dag.parse.DagParser;
import dev.edgeway.dag.validate.Violation;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * A pipeline definition's {@code schedule}, as written: a cron expression alone
 * ({@code schedule: "0 * * * *"}), or a mapping with the options a function's schedule takes as
 * annotations ({@code cron}, {@code timezone}, {@code overlap}, {@code async}). The cron trigger
 * reads the values; here they are only taken out of the document, with a violation for a wrong shape.
 *
 * @param cron the cron expression
 * @param timezone the zone, or null for {@code edgeway.schedules.zone}
 * @param overlap {@code skip} or {@code allow}, or null for {@code skip}
 * @param async whether a tick starts a background run rather than waiting for the run
 */
public record PipelineSchedule(
        String cron, @Nullable String timezone, @Nullable String overlap, boolean async) {

    private static final List<String> FIELDS = List.of("cron", "timezone", "overlap", "async");
    /** Reads the definition as the library does, so both see the same tree. */
    private static final DagParser PARSER = new DagParser();

    public PipelineSchedule {
        Objects.requireNonNull(cron, "cron");
    }

    /** The definition's schedule, if it has one; its shape's problems go to {@code violations}. */
    static Optional<PipelineSchedule> read(String text, DagParser.Format format, List<Violation> violations) {
        JsonNode node;
        try {
            node = PARSER.tree(text, format).get("schedule");
        } catch (JacksonException e) {
            return Optional.empty(); // the library reports the syntax error
        }
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (node.isString()) {
            return Optional.of(new PipelineSchedule(node.asString(), null, null, false));
        }
        if (!node.isObject()) {
            violations.add(
                    mistyped("schedule", node, "a cron expression, or a mapping with cron, timezone, overlap, async"));
            return Optional.empty();
        }
        for (String field : node.propertyNames()) {
            if (!FIELDS.contains(field)) {
                violations.add(new Violation.Malformed(
                        "schedule." + field, "unknown field (expected: one of " + String.join(", ", FIELDS) + ")"));
            }
        }
        String cron = text(node, "cron", violations);
        if (cron == null) {
            if (!node.has("cron")) {
                violations.add(new Violation.Malformed("schedule.cron", "missing (expected: a cron expression)"));
            }
            return Optional.empty();
        }
        JsonNode async = node.get("async");
        boolean isAsync = async != null && (async.isBoolean() ? async.asBoolean() : "true".equals(async.asString()));
        if (async != null && !async.isBoolean() && !async.isString()) {
            violations.add(mistyped("schedule.async", async, "true or false"));
        }
        return Optional.of(new PipelineSchedule(
                cron, text(node, "timezone", violations), text(node, "overlap", violations), isAsync));
    }

    private static @Nullable String text(JsonNode parent, String field, List<Violation> violations) {
        JsonNode value = parent.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            violations.add(mistyped("schedule." + field, value, "a string"));
            return null;
        }
        return value.asString();
    }

    private static Violation mistyped(String location, JsonNode node, String expected) {
        return new Violation.Malformed(location, node + " (expected: " + expected + ")");
    }
}
