package dev.edgeway.dag.parse;

import dev.edgeway.dag.validate.Violation;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;

/**
 * A JSON or YAML syntax error as a violation located by line and column, in words that name the
 * document's problem rather than Jackson's types or features.
 */
final class SyntaxError {

    private static final Pattern DUPLICATE = Pattern.compile("^Duplicate (?:property|field) [\"'](.*?)[\"']");
    private static final Pattern YAML_MARK = Pattern.compile("in reader, line (\\d+), column (\\d+)");
    private static final Pattern SOURCE_SUFFIX = Pattern.compile("\\s*\\([^()]*\\[Source: .*$", Pattern.DOTALL);

    private SyntaxError() {}

    static Violation describe(JacksonException e) {
        return new Violation.Malformed(location(e), problem(e.getOriginalMessage()));
    }

    /** YAML names the problem's own mark last in its message; Jackson's location is the last token read. */
    private static String location(JacksonException e) {
        String message = e.getOriginalMessage();
        if (message != null) {
            Matcher mark = YAML_MARK.matcher(message);
            String last = null;
            while (mark.find()) {
                last = "line " + mark.group(1) + ", column " + mark.group(2);
            }
            if (last != null) {
                return last;
            }
        }
        TokenStreamLocation at = e.getLocation();
        return at == null || at.getLineNr() < 1
                ? "document"
                : "line " + at.getLineNr() + ", column " + at.getColumnNr();
    }

    private static String problem(String message) {
        if (message == null || message.isBlank()) {
            return "unreadable (expected: a YAML or JSON document)";
        }
        Matcher duplicate = DUPLICATE.matcher(message);
        if (duplicate.find()) {
            return "duplicate field \"" + duplicate.group(1) + "\" (expected: each field once)";
        }
        if (message.startsWith("Trailing token")) {
            return "content after the end of the document (expected: one document)";
        }
        // YAML messages interleave the problem with source snippets on indented lines: keep the words.
        String text = message.lines()
                .filter(line -> !line.isEmpty() && !Character.isWhitespace(line.charAt(0)))
                .collect(Collectors.joining("; "));
        return SOURCE_SUFFIX.matcher(text).replaceFirst("");
    }
}
