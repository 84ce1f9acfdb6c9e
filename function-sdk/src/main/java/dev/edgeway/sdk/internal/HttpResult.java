package dev.edgeway.sdk.internal;

import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * A response of the state API as received.
 *
 * @param status the HTTP status
 * @param headers the response headers
 * @param body the whole body; empty when there is none
 */
public record HttpResult(int status, HttpHeaders headers, byte[] body) {

    /**
     * Validates.
     *
     * @param status the HTTP status
     * @param headers the response headers
     * @param body the whole body
     */
    public HttpResult {
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(body, "body");
    }

    /**
     * Whether the status is 2xx.
     *
     * @return true for 200 to 299
     */
    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    /**
     * The first value of a header.
     *
     * @param name the header name, in any case
     * @return the value; empty when absent
     */
    public Optional<String> header(String name) {
        return headers.firstValue(name);
    }

    /**
     * The revision in {@code ETag}: {@code "12"} (or weak {@code W/"12"}) gives 12.
     *
     * @return the revision; empty when there is no readable {@code ETag}
     */
    public java.util.OptionalLong revision() {
        return header("ETag").map(HttpResult::parseEtag).orElse(java.util.OptionalLong.empty());
    }

    static java.util.OptionalLong parseEtag(String etag) {
        String tag = etag.strip();
        if (tag.startsWith("W/")) {
            tag = tag.substring(2);
        }
        if (tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"")) {
            tag = tag.substring(1, tag.length() - 1);
        }
        if (!tag.matches("\\d{1,18}")) {
            return java.util.OptionalLong.empty();
        }
        return java.util.OptionalLong.of(Long.parseLong(tag));
    }

    /**
     * The body as text, cut to a length, for error messages.
     *
     * @param maxChars the longest text to return
     * @return the body decoded as UTF-8, at most {@code maxChars} characters plus an ellipsis
     */
    public String bodyText(int maxChars) {
        String text = new String(body, StandardCharsets.UTF_8).strip();
        return text.length() <= maxChars ? text : text.substring(0, maxChars) + "...";
    }
}
