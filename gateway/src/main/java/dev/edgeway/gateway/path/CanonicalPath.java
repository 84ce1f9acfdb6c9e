package dev.edgeway.gateway.path;

import org.jspecify.annotations.Nullable;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.RequestPath;

/**
 * A request path as the router sees it: each segment percent-decoded and stripped of its
 * {@code ;} parameters, which is what Spring's {@code PathPattern} matches. A path is canonical
 * when its raw spelling cannot mean another path than this one: no {@code ;} parameters, no
 * encoded {@code /} or {@code \}, no {@code .} or {@code ..} segments, no control characters.
 * Non-canonical paths are answered 400 before routing, so that no check on the raw text can
 * disagree with the route that would run (the basic-auth bypass through {@code /%73ystem}).
 *
 * @param value the decoded path, joined with {@code /}
 * @param problem why the raw spelling is not canonical, or null when it is
 */
public record CanonicalPath(String value, @Nullable String problem) {

    /** Reads a request's path within the application. */
    public static CanonicalPath of(RequestPath path) {
        String raw = path.pathWithinApplication().value();
        if (isPlain(raw)) {
            return new CanonicalPath(raw, null);
        }
        StringBuilder decoded = new StringBuilder(raw.length());
        String problem = null;
        for (PathContainer.Element element : path.pathWithinApplication().elements()) {
            if (!(element instanceof PathContainer.PathSegment segment)) {
                decoded.append(element.value());
                continue;
            }
            String value = segment.valueToMatch();
            decoded.append(value);
            if (problem == null) {
                problem = problemOf(segment.value(), value);
            }
        }
        return new CanonicalPath(decoded.toString(), problem);
    }

    public boolean isCanonical() {
        return problem == null;
    }

    /** True when this path is {@code prefix} or lies below it, segment-wise. */
    public boolean isWithin(String prefix) {
        return value.equals(prefix) || (value.startsWith(prefix) && value.charAt(prefix.length()) == '/');
    }

    /**
     * The problem of a raw sub-path that is passed on rather than routed (a function's
     * {@code /function/{name}/...}): only its dot segments, plain or encoded, which a server
     * further on would resolve into another path. Null when it has none.
     */
    public static @Nullable String dotSegmentProblem(String rawSubPath) {
        if (rawSubPath.indexOf('.') < 0 && rawSubPath.indexOf('%') < 0) {
            // The common case, decided without splitting: this runs for every proxied call.
            return null;
        }
        for (String segment : rawSubPath.split("/", -1)) {
            String decoded = segment.replace("%2e", ".").replace("%2E", ".");
            if (decoded.equals(".") || decoded.equals("..")) {
                return "path segment " + segment + " (expected: no '.' or '..' segments)";
            }
        }
        return null;
    }

    private static @Nullable String problemOf(String raw, String decoded) {
        if (raw.indexOf(';') >= 0) {
            return "path segment " + raw + " (expected: no ';' parameters)";
        }
        if (decoded.equals(".") || decoded.equals("..")) {
            return "path segment " + raw + " (expected: no '.' or '..' segments)";
        }
        for (int i = 0; i < decoded.length(); i++) {
            char c = decoded.charAt(i);
            if (c == '/' || c == '\\' || c < 0x20 || c == 0x7f) {
                return "path segment " + raw + " (expected: no encoded '/', '\\' or control characters)";
            }
        }
        return null;
    }

    /** The common case, decided without decoding: nothing encoded, no parameters, no dots. */
    private static boolean isPlain(String raw) {
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%' || c == ';' || c == '\\' || (c == '.' && (i == 0 || raw.charAt(i - 1) == '/'))) {
                return false;
            }
        }
        return true;
    }
}
