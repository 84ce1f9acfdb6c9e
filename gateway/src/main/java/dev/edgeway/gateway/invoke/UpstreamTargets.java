package dev.edgeway.gateway.invoke;

import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * The URI of a call to a function: its base address followed by the path and query the caller
 * sent. Callers send what {@link URI} refuses ({@code /a|b}, {@code /{x}}, {@code /%zz}); the
 * OpenFaaS gateway (Go's {@code url.URL}) forwards such a path with the offending characters
 * percent-encoded, and so does this: every character a URI may not hold literally
 * (https://datatracker.ietf.org/doc/html/rfc3986#section-3.3) and every {@code %} that does not
 * start an escape are encoded; valid escapes pass unchanged, so the function sees what was sent.
 */
final class UpstreamTargets {

    /** RFC 3986 unreserved, sub-delims, {@code :}, {@code @}, {@code /} and {@code ?}. */
    private static final String LITERAL = "-._~!$&'()*+,;=:@/?";

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private UpstreamTargets() {}

    static URI of(String base, String pathAndQuery) {
        return URI.create(encode(base, pathAndQuery));
    }

    /** The same as {@link #of} as text, for a request line: {@code base} followed by the encoded path and query. */
    static String encode(String base, String pathAndQuery) {
        StringBuilder target = new StringBuilder(base.length() + pathAndQuery.length() + 16).append(base);
        for (int i = 0; i < pathAndQuery.length(); i++) {
            char c = pathAndQuery.charAt(i);
            if (isLiteral(c) || c == '%' && isEscape(pathAndQuery, i)) {
                target.append(c);
            } else if (Character.isHighSurrogate(c) && i + 1 < pathAndQuery.length()) {
                encode(target, pathAndQuery.substring(i, i + 2));
                i++;
            } else {
                encode(target, String.valueOf(c));
            }
        }
        return target.toString();
    }

    private static boolean isLiteral(char c) {
        return c < 0x80 && (Character.isLetterOrDigit(c) || LITERAL.indexOf(c) >= 0);
    }

    private static boolean isEscape(String s, int percent) {
        return percent + 2 < s.length() && isHex(s.charAt(percent + 1)) && isHex(s.charAt(percent + 2));
    }

    private static boolean isHex(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    private static void encode(StringBuilder target, String chars) {
        for (byte b : chars.getBytes(StandardCharsets.UTF_8)) {
            target.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
        }
    }
}
