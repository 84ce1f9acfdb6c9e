package dev.edgeway.kafka.routing;

import dev.edgeway.kafka.errors.NotRetryable;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a record value as an {@link Envelope}, rejecting precisely: every malformed value fails
 * with a {@link NotRetryable} whose reason names the field and what was expected, so that it goes
 * to the dead-letter topic instead of being retried or half processed.
 */
public final class EnvelopeParser {

    // DNS-1123 labels, as the gateway accepts for function names and namespaces.
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern PIPELINE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
    private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,249}");
    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");

    private final JsonMapper json = JsonMapper.builder().build();

    public Envelope parse(byte[] value) {
        JsonNode root;
        try {
            root = json.readTree(value);
        } catch (JacksonException e) {
            throw NotRetryable.malformed("not JSON (" + e.getOriginalMessage() + ")");
        }
        if (root == null || !root.isObject()) {
            throw NotRetryable.malformed("not a JSON object (expected: {\"function_name\": ..., \"payload\": ...})");
        }
        String function = label(root, "function_name");
        String pipeline = text(root, "pipeline", PIPELINE);
        if (function == null && pipeline == null) {
            throw NotRetryable.malformed("missing function_name (expected: a function name, or pipeline)");
        }
        if (function != null && pipeline != null) {
            throw NotRetryable.malformed("both function_name and pipeline (expected: one of them)");
        }
        String method = text(root, "method", null);
        if (method != null && !METHODS.contains(method.toUpperCase(Locale.ROOT))) {
            throw NotRetryable.malformed("method: " + method + " (expected: one of " + METHODS + ")");
        }
        return new Envelope(
                function,
                pipeline,
                label(root, "namespace"),
                method == null ? "POST" : method.toUpperCase(Locale.ROOT),
                path(root),
                query(root),
                body(root),
                headers(root),
                text(root, "reply_to", TOPIC));
    }

    private static @Nullable String label(JsonNode root, String field) {
        return text(root, field, LABEL);
    }

    /** A string field, or null when absent or JSON null; anything else is malformed. */
    private static @Nullable String text(JsonNode root, String field, @Nullable Pattern pattern) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isString()) {
            throw NotRetryable.malformed(
                    field + ": a JSON " + node.getNodeType().name().toLowerCase(Locale.ROOT) + " (expected: a string)");
        }
        String value = node.asString();
        if (pattern != null && !pattern.matcher(value).matches()) {
            throw NotRetryable.malformed(field + ": \"" + shorten(value) + "\" (expected: " + pattern.pattern() + ")");
        }
        return value;
    }

    private static String path(JsonNode root) {
        String path = text(root, "path", null);
        if (path == null) {
            return "/";
        }
        // The gateway's canonical-path rules apply to HTTP callers; keep Kafka callers to plain paths.
        if (!path.startsWith("/")
                || path.contains("//")
                || path.contains("/../")
                || path.endsWith("/..")
                || path.chars().anyMatch(c -> c == '?' || c == '#' || c == '\\' || c < 0x21 || c == 0x7f)) {
            throw NotRetryable.malformed(
                    "path: \"" + shorten(path) + "\" (expected: an absolute path without ?, #, // or ..)");
        }
        return path;
    }

    private static @Nullable String query(JsonNode root) {
        String query = text(root, "query", null);
        if (query != null && query.chars().anyMatch(c -> c == '#' || c < 0x21 || c == 0x7f)) {
            throw NotRetryable.malformed(
                    "query: \"" + shorten(query) + "\" (expected: a query string without # or spaces)");
        }
        return query == null || query.isEmpty() ? null : query.startsWith("?") ? query.substring(1) : query;
    }

    private static byte[] body(JsonNode root) {
        JsonNode payload = root.get("payload");
        String base64 = text(root, "payload_base64", null);
        if (base64 != null) {
            if (payload != null && !payload.isNull()) {
                throw NotRetryable.malformed("both payload and payload_base64 (expected: one of them)");
            }
            try {
                return Base64.getDecoder().decode(base64);
            } catch (IllegalArgumentException e) {
                throw NotRetryable.malformed("payload_base64: not base64 (" + e.getMessage() + ")");
            }
        }
        if (payload == null || payload.isNull()) {
            return new byte[0];
        }
        // A string is sent as its text; any other JSON value as JSON.
        return payload.isString()
                ? payload.asString().getBytes(StandardCharsets.UTF_8)
                : payload.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, List<String>> headers(JsonNode root) {
        JsonNode node = root.get("headers");
        Map<String, List<String>> headers = new LinkedHashMap<>();
        if (node != null && !node.isNull()) {
            if (!node.isObject()) {
                throw NotRetryable.malformed("headers: not an object (expected: {\"name\": \"value\"})");
            }
            for (Map.Entry<String, JsonNode> header : node.properties()) {
                if (!header.getValue().isString()) {
                    throw NotRetryable.malformed("headers." + header.getKey() + ": not a string (expected: a string)");
                }
                RequestHeaders.add(headers, header.getKey(), header.getValue().asString());
            }
        }
        JsonNode payload = root.get("payload");
        if (payload != null && !payload.isNull() && !payload.isString()) {
            RequestHeaders.addIfAbsent(headers, "Content-Type", "application/json");
        }
        return headers;
    }

    private static String shorten(String value) {
        return value.length() <= 80 ? value : value.substring(0, 80) + "...";
    }
}
