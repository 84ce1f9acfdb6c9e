package dev.edgeway.gateway.provider.local;

import dev.edgeway.gateway.invoke.Invocation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;

/**
 * The CGI-style variables the classic watchdog gives a forked function ({@code handler.go}
 * {@code getAdditionalEnvs}): every request header as {@code Http_<Name>} with Go's canonical
 * capitalisation and dashes turned into underscores, plus method, path, query, host and length.
 * A variable the deployment sets itself is left out, so that a caller cannot override what the
 * admin configured (an {@code Http_X_Role} in {@code envVars} stays the admin's).
 */
final class CgiEnvironment {

    /** Header names that make safe variable names; anything else is left out. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");

    private CgiEnvironment() {}

    static Map<String, String> of(Invocation invocation) {
        return of(invocation, Map.of());
    }

    /** The variables of a call to a function whose deployment sets {@code deployed} itself. */
    static Map<String, String> of(Invocation invocation, Map<String, String> deployed) {
        Map<String, String> env = describe(invocation);
        env.keySet().removeAll(deployed.keySet());
        return env;
    }

    private static Map<String, String> describe(Invocation invocation) {
        HttpHeaders headers = invocation.headers();
        Map<String, String> env = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> header : headers.headerSet()) {
            String name = header.getKey();
            // Go moves Host out of the header map into r.Host; it is added below.
            if (TOKEN.matcher(name).matches() && !name.equalsIgnoreCase(HttpHeaders.HOST)) {
                List<String> values = header.getValue();
                env.put("Http_" + canonical(name).replace('-', '_'), values.isEmpty() ? "" : values.get(0));
            }
        }
        env.put("Http_Method", invocation.method().name());
        String length = contentLength(invocation);
        // Http_ContentLength is deprecated in the classic watchdog but still set; both are kept.
        env.put("Http_ContentLength", length);
        env.put("Http_Content_Length", length);
        if (invocation.hasBody() && headers.getFirst(HttpHeaders.CONTENT_LENGTH) == null) {
            env.put("Http_Transfer_Encoding", "chunked");
        }
        if (invocation.rawQuery() != null && !invocation.rawQuery().isEmpty()) {
            env.put("Http_Query", invocation.rawQuery());
        }
        env.put("Http_Path", invocation.path());
        // The proxy sends the upstream's own Host and keeps the caller's in X-Forwarded-Host;
        // a forked process has no upstream address, so the caller's host is the one it gets.
        String host = headers.getFirst(HttpHeaders.HOST);
        if (host == null || host.isEmpty()) {
            host = headers.getFirst("X-Forwarded-Host");
        }
        if (host != null && !host.isEmpty()) {
            env.put("Http_Host", host);
        }
        return env;
    }

    /** Go's r.ContentLength: the declared length, -1 when streamed without one, 0 without a body. */
    private static String contentLength(Invocation invocation) {
        String declared = invocation.headers().getFirst(HttpHeaders.CONTENT_LENGTH);
        if (declared != null && declared.trim().matches("\\d+")) {
            return declared.trim();
        }
        return invocation.hasBody() ? "-1" : "0";
    }

    /** Go's textproto.CanonicalMIMEHeaderKey: {@code x-call-id} becomes {@code X-Call-Id}. */
    static String canonical(String name) {
        StringBuilder out = new StringBuilder(name.length());
        boolean upper = true;
        for (char c : name.toCharArray()) {
            out.append(upper ? Character.toUpperCase(c) : Character.toLowerCase(c));
            upper = c == '-';
        }
        return out.toString();
    }
}
