package dev.edgeway.storage.web;

import dev.edgeway.storage.task.InvalidInputException;
import dev.edgeway.storage.task.Precondition;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.server.ServerRequest;

/**
 * Revisions on the wire: a read's {@code ETag} is the key-value revision in quotes; a write's
 * {@code If-Match} names the revision it expects (or {@code *} for "exists") and
 * {@code If-None-Match: *} makes it create-only (RFC 9110 section 13.1,
 * https://datatracker.ietf.org/doc/html/rfc9110#section-13.1).
 */
final class Conditions {

    private static final String IF_MATCH_RULE = "an ETag from a read, such as \"12\", or *";

    private Conditions() {}

    static String etag(long revision) {
        return "\"" + revision + "\"";
    }

    static Precondition of(ServerRequest request) {
        return of(
                request.headers().firstHeader(HttpHeaders.IF_MATCH),
                request.headers().firstHeader(HttpHeaders.IF_NONE_MATCH));
    }

    /** The precondition of a write from its {@code If-Match} and {@code If-None-Match} (null when absent). */
    static Precondition of(@Nullable String ifMatch, @Nullable String ifNoneMatch) {
        if (ifMatch != null && ifNoneMatch != null) {
            throw new InvalidInputException(HttpHeaders.IF_NONE_MATCH, ifNoneMatch, "not together with If-Match");
        }
        if (ifNoneMatch != null) {
            if (!ifNoneMatch.trim().equals("*")) {
                throw new InvalidInputException(HttpHeaders.IF_NONE_MATCH, ifNoneMatch, "*");
            }
            return Precondition.ABSENT;
        }
        if (ifMatch == null) {
            return Precondition.NONE;
        }
        String value = ifMatch.trim();
        if (value.equals("*")) {
            return Precondition.PRESENT;
        }
        String tag = value.startsWith("W/") ? value.substring(2) : value;
        if (tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"")) {
            tag = tag.substring(1, tag.length() - 1);
        }
        if (!tag.matches("\\d{1,18}")) {
            throw new InvalidInputException(HttpHeaders.IF_MATCH, ifMatch, IF_MATCH_RULE);
        }
        return Precondition.revision(Long.parseLong(tag));
    }

    /** Refuses {@code If-None-Match} where only {@code If-Match} makes sense (DELETE, PATCH). */
    static Precondition ifMatchOnly(ServerRequest request) {
        Precondition precondition = of(request);
        if (precondition instanceof Precondition.Absent) {
            throw new InvalidInputException(HttpHeaders.IF_NONE_MATCH, "*", "no If-None-Match on this method");
        }
        return precondition;
    }
}
