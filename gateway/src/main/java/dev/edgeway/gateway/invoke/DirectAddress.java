package dev.edgeway.gateway.invoke;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Optional;

/**
 * An upstream the gateway's own HTTP client calls ({@link UpstreamPools}): plain {@code http} to
 * an IP address, which is every replica of the local provider and every pod of the Kubernetes
 * provider. Nothing is resolved, so nothing blocks the event loop. Host names and {@code https}
 * (an {@code http} pipeline step, a provider behind TLS) go to Reactor Netty's client, with its
 * non-blocking resolver and TLS.
 *
 * @param socket the address connected to
 * @param host the {@code Host} header sent: the address and port as in the URI
 * @param basePath the URI's path without a trailing {@code /}, put before the invocation's path
 */
record DirectAddress(InetSocketAddress socket, String host, String basePath) {

    static Optional<DirectAddress> of(URI uri) {
        String literal = uri.getHost();
        if (!"http".equalsIgnoreCase(uri.getScheme()) || literal == null || uri.getRawUserInfo() != null) {
            return Optional.empty();
        }
        String bare =
                literal.startsWith("[") && literal.endsWith("]") ? literal.substring(1, literal.length() - 1) : literal;
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(bare);
        if (bytes == null) {
            return Optional.empty();
        }
        int port = uri.getPort() < 0 ? 80 : uri.getPort();
        InetAddress address;
        try {
            address = InetAddress.getByAddress(bytes);
        } catch (java.net.UnknownHostException e) {
            return Optional.empty(); // not reached: the bytes are a valid address
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        return Optional.of(new DirectAddress(
                new InetSocketAddress(address, port),
                uri.getPort() < 0 ? literal : literal + ":" + port,
                path.endsWith("/") ? path.substring(0, path.length() - 1) : path));
    }

    /** The request line's target for the URI this address came from, with its own query. */
    static String requestTarget(URI uri) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    }
}
