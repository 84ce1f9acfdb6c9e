package dev.edgeway.gateway.proxy;

import java.net.InetSocketAddress;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;

/**
 * The OpenFaaS gateway's forwarding headers: {@code X-Forwarded-Host} and
 * {@code X-Forwarded-For} (the client's {@code ip:port}) are set only when absent, never
 * appended, and {@code User-Agent} only when the caller sent none.
 */
final class ForwardedHeaders {

    private ForwardedHeaders() {}

    static void apply(
            HttpHeaders headers, @Nullable String host, @Nullable InetSocketAddress client, String userAgent) {
        if (host != null && !headers.containsHeader("X-Forwarded-Host")) {
            headers.set("X-Forwarded-Host", host);
        }
        if (client != null && !headers.containsHeader("X-Forwarded-For")) {
            headers.set("X-Forwarded-For", hostPort(client));
        }
        if (!headers.containsHeader(HttpHeaders.USER_AGENT)) {
            headers.set(HttpHeaders.USER_AGENT, userAgent);
        }
    }

    /** Go's {@code RemoteAddr} form: {@code 1.2.3.4:5678}, or {@code [::1]:5678} for IPv6. */
    private static String hostPort(InetSocketAddress address) {
        String ip = address.getAddress() == null
                ? address.getHostString()
                : address.getAddress().getHostAddress();
        return (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + address.getPort();
    }
}
