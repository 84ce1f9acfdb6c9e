package dev.edgeway.dag.parse;

import dev.edgeway.dag.validate.Violation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Typed reads of document nodes. A mistyped value adds a violation at its path and reads as
 * {@code null} (or the default), so that reading goes on and every problem is reported.
 */
final class NodeValues {

    private final List<Violation> out;

    NodeValues(List<Violation> out) {
        this.out = out;
    }

    void mistyped(String at, JsonNode node, String expected) {
        out.add(new Violation.Malformed(at, shown(node) + " (expected: " + expected + ")"));
    }

    void unknownFields(String prefix, JsonNode node, List<String> known) {
        for (String field : node.propertyNames()) {
            if (!known.contains(field)) {
                out.add(new Violation.Malformed(
                        prefix + field, "unknown field (expected: one of " + String.join(", ", known) + ")"));
            }
        }
    }

    @Nullable
    String requiredScalar(JsonNode parent, String field, String at, String expected) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            out.add(new Violation.Malformed(at, "missing (expected: " + expected + ")"));
            return null;
        }
        return scalar(node, at);
    }

    /** A string, number or boolean as text: {@code id: 1} is the id {@code "1"}. */
    @Nullable
    String scalar(JsonNode node, String at) {
        if (node.isString()) {
            return node.stringValue();
        }
        if (node.isNumber() || node.isBoolean()) {
            return node.asString();
        }
        mistyped(at, node, "a string");
        return null;
    }

    int integer(@Nullable JsonNode node, String at, int absent) {
        if (node == null || node.isNull()) {
            return absent;
        }
        if (node.isIntegralNumber() && node.canConvertToInt()) {
            return node.intValue();
        }
        mistyped(at, node, "an integer");
        return absent;
    }

    double decimal(@Nullable JsonNode node, String at, double absent) {
        if (node == null || node.isNull()) {
            return absent;
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        mistyped(at, node, "a number");
        return absent;
    }

    @Nullable
    Duration duration(@Nullable JsonNode node, String at, Duration absent) {
        if (node == null || node.isNull()) {
            return absent;
        }
        try {
            if (node.isNumber()) {
                return DurationText.ofSeconds(node.decimalValue());
            }
            if (node.isString()) {
                return DurationText.parse(node.stringValue());
            }
        } catch (IllegalArgumentException | ArithmeticException e) {
            // reported below with the expectation
        }
        mistyped(at, node, DurationText.EXPECTED);
        return null;
    }

    Map<String, Object> config(@Nullable JsonNode node, String at) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            mistyped(at, node, "a mapping");
            return Map.of();
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> config = (Map<String, Object>) plain(node, at);
        return config;
    }

    /** The node as plain Java values: maps, lists, strings, numbers, booleans; null is refused. */
    private Object plain(JsonNode node, String at) {
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            node.properties().forEach(e -> map.put(e.getKey(), plain(e.getValue(), at + "." + e.getKey())));
            return Collections.unmodifiableMap(map);
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>(node.size());
            for (int i = 0; i < node.size(); i++) {
                list.add(plain(node.get(i), at + "[" + i + "]"));
            }
            return Collections.unmodifiableList(list);
        }
        if (node.isNumber()) {
            return node.numberValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (!node.isString()) {
            mistyped(at, node, "a value (string, number, boolean, list or mapping)");
            return "";
        }
        return node.stringValue();
    }

    static String shown(JsonNode node) {
        if (node.isString()) {
            return "\"" + node.stringValue() + "\"";
        }
        if (node.isObject()) {
            return "a mapping";
        }
        if (node.isArray()) {
            return "a list";
        }
        return node.isNull() ? "null" : node.asString();
    }
}
