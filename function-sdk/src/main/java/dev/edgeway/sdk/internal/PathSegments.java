package dev.edgeway.sdk.internal;

import java.nio.charset.StandardCharsets;

/**
 * Percent-encoding of one URL path segment (RFC 3986 section 3.3,
 * https://datatracker.ietf.org/doc/html/rfc3986#section-3.3). Everything but letters, digits,
 * {@code -}, {@code _} and {@code ~} is encoded, dots included, so that an id such as
 * {@code ..} or {@code a/b} stays one segment and is never normalised into another path.
 */
public final class PathSegments {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private PathSegments() {}

    /**
     * Encodes one segment.
     *
     * @param segment the raw text
     * @return the encoded segment
     */
    public static String encode(String segment) {
        StringBuilder out = new StringBuilder(segment.length());
        for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if (isUnreserved(c)) {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        return out.toString();
    }

    private static boolean isUnreserved(int c) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || c == '-'
                || c == '_'
                || c == '~';
    }
}
