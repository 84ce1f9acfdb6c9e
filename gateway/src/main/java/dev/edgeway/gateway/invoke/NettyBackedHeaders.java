package dev.edgeway.gateway.invoke;

import org.springframework.http.HttpHeaders;
import org.springframework.http.support.Netty4HeadersAdapter;

/**
 * Spring's view of headers that Netty holds, with the Netty headers kept at hand. The proxy
 * forwards a request's headers to the function in a Netty copy; read back through the view,
 * every call built a map of the header names and a list per name, lower-cased each name and
 * set them one by one, about a tenth of the bytes the event loops allocated per proxied call
 * (docs/benchmarks.md). {@link HttpUpstreams} copies the Netty entries instead, and so does the
 * proxy with a function's answer.
 */
public final class NettyBackedHeaders extends HttpHeaders {

    private final io.netty.handler.codec.http.HttpHeaders netty;

    private NettyBackedHeaders(io.netty.handler.codec.http.HttpHeaders netty) {
        super(new Netty4HeadersAdapter(netty));
        this.netty = netty;
    }

    /** A view of these Netty headers; changes through either are seen by both. */
    public static NettyBackedHeaders of(io.netty.handler.codec.http.HttpHeaders netty) {
        return new NettyBackedHeaders(netty);
    }

    /** The Netty headers behind this view. */
    public io.netty.handler.codec.http.HttpHeaders netty() {
        return netty;
    }
}
