package dev.edgeway.gateway.proxy;

import dev.edgeway.gateway.invoke.NettyBackedHeaders;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;

/**
 * Removes hop-by-hop headers, which describe one connection and must not be forwarded
 * (RFC 9110 §7.6.1, https://datatracker.ietf.org/doc/html/rfc9110#section-7.6.1). Like the
 * OpenFaaS gateway, headers merely named in {@code Connection} are kept. {@code Host} goes too:
 * the upstream's own host is sent, and the caller's is kept in {@code X-Forwarded-Host}.
 */
public final class HopByHopHeaders {

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

    /**
     * A copy of the request headers fit to forward, made in one pass. The copy is backed by
     * Netty's headers, which the HTTP client sends without converting names case by case.
     */
    static HttpHeaders forRequest(io.netty.handler.codec.http.HttpHeaders incoming) {
        io.netty.handler.codec.http.HttpHeaders copy =
                DefaultHttpHeadersFactory.headersFactory().withValidation(false).newHeaders();
        for (Map.Entry<String, String> header : incoming) {
            String name = header.getKey();
            if (!isHopByHop(name) && !HttpHeaders.HOST.equalsIgnoreCase(name)) {
                copy.add(name, header.getValue());
            }
        }
        return NettyBackedHeaders.of(copy);
    }

    /** Called for every header of every call: a plain scan, no lower-casing, no allocation. */
    public static boolean isHopByHop(String name) {
        for (String hopByHop : NAMES) {
            if (hopByHop.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }
}
