package dev.edgeway.dag.parse;

import dev.edgeway.dag.model.RetryPolicy;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Reads {@code retries}: a number of retries with the default backoff ({@code retries: 3}), or a
 * mapping {@code {count: 3, backoff: 500ms, multiplier: 2, maxBackoff: 10s}} whose missing
 * fields take the defaults. Ranges are the validator's to check.
 */
final class RetryReader {

    private static final List<String> FIELDS = List.of("count", "backoff", "multiplier", "maxBackoff");

    private final NodeValues values;

    RetryReader(NodeValues values) {
        this.values = values;
    }

    RetryPolicy read(@Nullable JsonNode node, String at) {
        if (node == null || node.isNull()) {
            return RetryPolicy.NONE;
        }
        if (node.isNumber()) {
            return RetryPolicy.of(values.integer(node, at, 0));
        }
        if (!node.isObject()) {
            values.mistyped(at, node, "a number of retries or a mapping with count, backoff, multiplier, maxBackoff");
            return RetryPolicy.NONE;
        }
        values.unknownFields(at + ".", node, FIELDS);
        int count = values.integer(node.get("count"), at + ".count", 0);
        Duration backoff = values.duration(node.get("backoff"), at + ".backoff", RetryPolicy.DEFAULT_BACKOFF);
        double multiplier = values.decimal(node.get("multiplier"), at + ".multiplier", RetryPolicy.DEFAULT_MULTIPLIER);
        Duration maxBackoff =
                values.duration(node.get("maxBackoff"), at + ".maxBackoff", RetryPolicy.DEFAULT_MAX_BACKOFF);
        if (backoff == null || maxBackoff == null) {
            return RetryPolicy.NONE;
        }
        return new RetryPolicy(count, backoff, multiplier, maxBackoff);
    }
}
