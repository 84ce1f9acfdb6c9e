package dev.edgeway.sdk.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * An error response read as RFC 9457 problem details
 * (https://datatracker.ietf.org/doc/html/rfc9457). A body that is not problem JSON (a proxy's
 * HTML page, the gateway's plain-text 401) still gives a detail: its text, shortened.
 *
 * @param type the problem type URI; {@code about:blank} when the body names none
 * @param title the short summary; empty when absent
 * @param detail the explanation of this occurrence; empty when absent
 * @param extensions other members, scalars as their text and the rest as JSON text
 */
public record ProblemBody(String type, String title, String detail, Map<String, String> extensions) {

    /** The type of a problem that names none (RFC 9457 section 4.2.1). */
    public static final String ABOUT_BLANK = "about:blank";

    private static final Set<String> STANDARD = Set.of("type", "title", "status", "detail", "instance");
    private static final int MAX_TEXT = 300;

    /**
     * Copies.
     *
     * @param type the problem type URI
     * @param title the summary
     * @param detail the explanation
     * @param extensions other members
     */
    public ProblemBody {
        extensions = Map.copyOf(extensions);
    }

    /**
     * Reads an error response.
     *
     * @param result the response
     * @return the problem it describes
     */
    public static ProblemBody from(HttpResult result) {
        String contentType = result.header("Content-Type").orElse("").toLowerCase(java.util.Locale.ROOT);
        if (contentType.contains("json") && result.body().length > 0) {
            try {
                JsonNode tree = StateJson.tree(result.body());
                if (tree.isObject()) {
                    return of(tree);
                }
            } catch (IllegalArgumentException e) {
                // Not JSON after all: fall back to the text.
            }
        }
        return new ProblemBody(ABOUT_BLANK, "", result.bodyText(MAX_TEXT), Map.of());
    }

    private static ProblemBody of(JsonNode tree) {
        Map<String, String> extensions = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> member : tree.properties()) {
            if (!STANDARD.contains(member.getKey()) && !member.getValue().isNull()) {
                JsonNode value = member.getValue();
                extensions.put(member.getKey(), value.isValueNode() ? value.asString() : value.toString());
            }
        }
        return new ProblemBody(
                text(tree, "type").isEmpty() ? ABOUT_BLANK : text(tree, "type"),
                text(tree, "title"),
                text(tree, "detail"),
                extensions);
    }

    private static String text(JsonNode tree, String member) {
        JsonNode node = tree.get(member);
        return node == null || node.isNull() ? "" : node.asString();
    }
}
