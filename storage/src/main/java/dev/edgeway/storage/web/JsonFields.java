package dev.edgeway.storage.web;

import dev.edgeway.storage.task.InvalidInputException;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The fields of a small JSON request body, checked one by one so that each mistake is a 400
 * naming the field, the value and the rule: unknown fields, missing fields, wrong types.
 */
final class JsonFields {

    private final JsonNode root;

    private JsonFields(JsonNode root) {
        this.root = root;
    }

    /** Parses a JSON object that may only have the {@code known} fields. */
    static JsonFields parse(byte[] body, Set<String> known) {
        JsonNode root = Json.readTree(body);
        if (!root.isObject()) {
            throw new InvalidInputException("request body", Json.describe(root), "a JSON object");
        }
        for (String name : root.propertyNames()) {
            if (!known.contains(name)) {
                throw InvalidInputException.unknownField(name, String.join(", ", new TreeSet<>(known)));
            }
        }
        return new JsonFields(root);
    }

    String requiredString(String field, String rule) {
        String value = optionalString(field, rule);
        if (value == null) {
            throw InvalidInputException.missingField(field, rule);
        }
        return value;
    }

    @Nullable
    String optionalString(String field, String rule) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isString()) {
            throw new InvalidInputException(field, Json.describe(node), rule);
        }
        return node.asString();
    }

    /** Parsing helpers shared with the streaming variable body parser. */
    static final class Json {

        private Json() {}

        static JsonNode readTree(byte[] body) {
            if (body.length == 0) {
                throw new StorageRequestException(
                        ProblemType.MALFORMED_JSON, "request body: empty (expected: a JSON object)");
            }
            try {
                return StorageJson.MAPPER.readTree(body);
            } catch (JacksonException e) {
                throw malformed(e);
            }
        }

        static StorageRequestException malformed(JacksonException e) {
            String where = e.getLocation() == null
                    ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr();
            return new StorageRequestException(
                    ProblemType.MALFORMED_JSON, "request body: " + e.getOriginalMessage() + where);
        }

        /** A JSON value as it appears in error messages: short, and its type when it is not text. */
        static Object describe(JsonNode node) {
            String text = node.isString() ? node.asString() : node.toString();
            return node.isString()
                    ? text
                    : text + " (" + node.getNodeType().name().toLowerCase() + ")";
        }
    }
}
