package dev.edgeway.kafka.routing;

import dev.edgeway.kafka.errors.NotRetryable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which headers of a message reach the function. Hop-by-hop headers
 * (https://datatracker.ietf.org/doc/html/rfc9110#section-7.6.1) and the ones the gateway sets
 * itself (call id, connector, forwarding, the record's coordinates) are dropped, so a message
 * cannot pose as another record or another caller.
 */
final class RequestHeaders {

    private static final Set<String> DROPPED = Set.of(
            "connection",
            "keep-alive",
            "proxy-authenticate",
            "proxy-authorization",
            "proxy-connection",
            "te",
            "trailer",
            "transfer-encoding",
            "upgrade",
            "host",
            "content-length",
            "forwarded",
            "x-call-id",
            "x-connector",
            "x-topic",
            "x-start-time");
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    private RequestHeaders() {}

    static void add(Map<String, List<String>> headers, String name, String value) {
        if (!TOKEN.matcher(name).matches()) {
            throw NotRetryable.malformed("headers: \"" + name + "\" (expected: an HTTP header name)");
        }
        if (value.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
            throw NotRetryable.malformed("headers." + name + ": a line break (expected: one line)");
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (DROPPED.contains(lower) || lower.startsWith("x-forwarded-") || lower.startsWith("x-kafka-")) {
            return;
        }
        headers.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
    }

    static void addIfAbsent(Map<String, List<String>> headers, String name, String value) {
        boolean present = headers.keySet().stream().anyMatch(n -> n.equalsIgnoreCase(name));
        if (!present) {
            headers.put(name, List.of(value));
        }
    }
}
