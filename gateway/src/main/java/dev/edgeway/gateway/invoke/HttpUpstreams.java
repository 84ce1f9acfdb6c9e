package dev.edgeway.gateway.invoke;

import io.netty.channel.ChannelOption;
import java.net.URI;
import java.time.Duration;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.http.client.reactive.ClientHttpRequest;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Calls functions over HTTP with one pooled, non-blocking Reactor Netty client. Bodies are
 * streamed both ways with back-pressure, so a large body never sits in the heap; redirects are
 * never followed, so a function's 3xx reaches the caller.
 */
public final class HttpUpstreams implements AutoCloseable {

    private final ConnectionProvider pool;
    private final ClientHttpConnector connector;

    /**
     * @param maxConnections connections kept per upstream host
     * @param timeout the longest wait for the upstream between two reads, and for a connection
     */
    public HttpUpstreams(int maxConnections, Duration timeout) {
        this.pool = ConnectionProvider.builder("edgeway-upstreams")
                .maxConnections(maxConnections)
                .pendingAcquireMaxCount(-1)
                .maxIdleTime(Duration.ofSeconds(90))
                .build();
        HttpClient client = HttpClient.create(pool)
                .followRedirect(false)
                .keepAlive(true)
                .compress(false)
                .responseTimeout(timeout)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(timeout.toMillis(), Integer.MAX_VALUE));
        this.connector = new ReactorClientHttpConnector(client);
    }

    /** An upstream that sends each invocation to {@code base} followed by the invocation's path and query. */
    public FunctionUpstream to(URI base) {
        String prefix = stripTrailingSlash(base.toString());
        return invocation -> exchange(UpstreamTargets.of(prefix, invocation.pathAndQuery()), invocation);
    }

    /** Sends one invocation to an absolute URI. */
    public Mono<InvocationResult> exchange(URI uri, Invocation invocation) {
        return connector
                .connect(invocation.method(), uri, request -> write(request, invocation))
                // The headers are read, never changed, on their way back: no copy.
                .map(response -> new InvocationResult(
                        response.getStatusCode().value(), response.getHeaders(), response.getBody()))
                .onErrorMap(e -> !(e instanceof UpstreamException), e -> unreachable(uri, e));
    }

    private static Mono<Void> write(ClientHttpRequest request, Invocation invocation) {
        request.getHeaders().addAll(invocation.headers());
        if (!invocation.hasBody()) {
            return request.setComplete();
        }
        return request.writeWith(invocation.body());
    }

    private static UpstreamException unreachable(URI uri, Throwable e) {
        return new UpstreamException("upstream " + uri.getHost() + ":" + uri.getPort() + ": " + e, e);
    }

    private static String stripTrailingSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    @Override
    public void close() {
        pool.dispose();
    }
}
