package dev.edgeway.gateway.proxy;

import java.util.Set;
import java.util.TreeSet;
import org.springframework.http.HttpHeaders;

/**
 * Removes hop-by-hop headers, which describe one connection and must not be forwarded
 * (RFC 9110 §7.6.1, https://datatracker.ietf.org/doc/html/rfc9110#section-7.6.1). Like the
 * OpenFaaS gateway, headers merely named in {@code Connection} are kept. {@code Host} goes too:
 * the upstream's own host is sent, and the caller's is kept in {@code X-Forwarded-Host}.
 */
final class HopByHopHeaders {

    private static final Set<String> NAMES = caseInsensitive(
            "Connection",
            "Proxy-Connection",
            "Keep-Alive",
            "Proxy-Authenticate",
            "Proxy-Authorization",
            "TE",
            "Trailer",
            "Transfer-Encoding",
            "Upgrade");

    private HopByHopHeaders() {}

    /** A copy of the request headers fit to forward, made in one pass. */
    static HttpHeaders forRequest(HttpHeaders incoming) {
        HttpHeaders headers = new HttpHeaders();
        incoming.forEach((name, values) -> {
            if (!isHopByHop(name) && !HttpHeaders.HOST.equalsIgnoreCase(name)) {
                headers.addAll(name, values);
            }
        });
        return headers;
    }

    static boolean isHopByHop(String name) {
        return NAMES.contains(name);
    }

    private static Set<String> caseInsensitive(String... names) {
        Set<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        set.addAll(Set.of(names));
        return set;
    }
}
