package dev.edgeway.gateway.proxy;

import java.util.List;
import org.springframework.http.HttpHeaders;

/**
 * Removes hop-by-hop headers, which describe one connection and must not be forwarded
 * (RFC 9110 §7.6.1, https://datatracker.ietf.org/doc/html/rfc9110#section-7.6.1). Like the
 * OpenFaaS gateway, headers merely named in {@code Connection} are kept. {@code Host} goes too:
 * the upstream's own host is sent, and the caller's is kept in {@code X-Forwarded-Host}.
 */
final class HopByHopHeaders {

    private static final List<String> NAMES = List.of(
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

    /** A copy of the request headers fit to forward. */
    static HttpHeaders forRequest(HttpHeaders incoming) {
        HttpHeaders headers = new HttpHeaders();
        headers.addAll(incoming);
        NAMES.forEach(headers::remove);
        headers.remove(HttpHeaders.HOST);
        return headers;
    }

    /** Removes hop-by-hop headers from an upstream response before it is relayed. */
    static HttpHeaders forResponse(HttpHeaders upstream) {
        NAMES.forEach(upstream::remove);
        return upstream;
    }
}
