package dev.edgeway.gateway.invoke;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.util.internal.ThreadExecutorMap;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.support.Netty4HeadersAdapter;
import reactor.core.publisher.Mono;
import reactor.netty.NettyOutbound;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientRequest;
import reactor.netty.http.client.HttpClientResponse;
import reactor.netty.resources.ConnectionProvider;

/**
 * Calls functions over HTTP with one pooled, non-blocking Reactor Netty client. Bodies are
 * streamed both ways with back-pressure, so a large body never sits in the heap; redirects are
 * never followed, so a function's 3xx reaches the caller.
 *
 * <p>The client is used as Reactor Netty gives it, not through Spring's
 * {@code ReactorClientHttpConnector}: that adapter copied every request header into a map of
 * its own and back into Netty's, about an eighth of the gateway's CPU per proxied call
 * (docs/benchmarks.md). The response headers are Netty's, read through an adapter, never copied.
 */
public final class HttpUpstreams implements AutoCloseable {

    private final int maxConnections;
    private final Duration timeout;
    private final List<ConnectionProvider> pools = new CopyOnWriteArrayList<>();
    private final HttpClient shared;
    private final Map<EventLoop, HttpClient> perLoop = new ConcurrentHashMap<>();
    private final NettyDataBufferFactory buffers = new NettyDataBufferFactory(ByteBufAllocator.DEFAULT);

    /**
     * @param maxConnections connections kept per upstream host (per event loop for calls made on one)
     * @param timeout the longest wait for the upstream between two reads, and for a connection
     */
    public HttpUpstreams(int maxConnections, Duration timeout) {
        this.maxConnections = maxConnections;
        this.timeout = timeout;
        this.shared = configure(HttpClient.create(pool("edgeway-upstreams")));
    }

    private ConnectionProvider pool(String name) {
        ConnectionProvider pool = ConnectionProvider.builder(name)
                .maxConnections(maxConnections)
                .pendingAcquireMaxCount(-1)
                .maxIdleTime(Duration.ofSeconds(90))
                .build();
        pools.add(pool);
        return pool;
    }

    private HttpClient configure(HttpClient client) {
        return client.followRedirect(false)
                .keepAlive(true)
                .compress(false)
                .responseTimeout(timeout)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(timeout.toMillis(), Integer.MAX_VALUE));
    }

    /**
     * The client for a call made here. A call made on an event loop (the {@code /function}
     * proxy) gets connections of that loop's own pool, created on that loop: with one pool
     * shared by all loops, a call on one loop was often handed a connection of another and went
     * on there, a thread hop each way (nginx's workers own their upstream connections in the
     * same way). Calls from other threads (async worker, Kafka, schedules) share one pool.
     */
    private HttpClient client() {
        // Netty's record of the executor running on this thread, set for each event loop thread.
        if (ThreadExecutorMap.currentExecutor() instanceof EventLoop loop) {
            return perLoop.computeIfAbsent(
                    loop,
                    l -> configure(HttpClient.create(pool("edgeway-upstreams-" + perLoop.size()))
                            .runOn(new OneLoop(l))));
        }
        return shared;
    }

    /** An upstream that sends each invocation to {@code base} followed by the invocation's path and query. */
    public FunctionUpstream to(URI base) {
        String prefix = stripTrailingSlash(base.toString());
        return invocation -> exchange(UpstreamTargets.of(prefix, invocation.pathAndQuery()), invocation);
    }

    /** Sends one invocation to an absolute URI. */
    public Mono<InvocationResult> exchange(URI uri, Invocation invocation) {
        // The result, once the response head has arrived: released below if the caller cancels
        // before it takes it, or its pooled connection would never go back to the pool.
        AtomicReference<UnreadBody> arrived = new AtomicReference<>();
        return client().request(io.netty.handler.codec.http.HttpMethod.valueOf(
                        invocation.method().name()))
                .uri(uri)
                .send((request, outbound) -> write(request, outbound, invocation))
                .responseConnection((response, connection) -> {
                    UnreadBody body = new UnreadBody(connection);
                    arrived.set(body);
                    return Mono.just(result(response, body));
                })
                .next()
                .doOnCancel(() -> {
                    UnreadBody body = arrived.get();
                    if (body != null) {
                        body.drain();
                    }
                })
                .onErrorMap(e -> !(e instanceof UpstreamException), e -> unreachable(uri, e));
    }

    private static NettyOutbound write(HttpClientRequest request, NettyOutbound outbound, Invocation invocation) {
        io.netty.handler.codec.http.HttpHeaders headers = request.requestHeaders();
        if (invocation.headers() instanceof NettyBackedHeaders forwarded) {
            copy(forwarded.netty(), headers);
        } else {
            invocation.headers().forEach((name, values) -> headers.set(name, values));
        }
        if (!invocation.hasBody()) {
            return outbound;
        }
        return outbound.send(invocation.body().map(NettyDataBufferFactory::toByteBuf));
    }

    /**
     * The invocation's headers replace any of the same name the client has set (its
     * {@code Host}), as setting them name by name does, entry by entry without a view between.
     */
    private static void copy(io.netty.handler.codec.http.HttpHeaders from, io.netty.handler.codec.http.HttpHeaders to) {
        // names() is a copy, so removing while going through it is safe.
        for (String name : to.names()) {
            if (from.contains(name)) {
                to.remove(name);
            }
        }
        to.add(from);
    }

    private InvocationResult result(HttpClientResponse response, UnreadBody body) {
        // Read, never changed, on their way back: an adapter over Netty's headers, no copy.
        HttpHeaders headers = HttpHeaders.readOnlyHttpHeaders(new Netty4HeadersAdapter(response.responseHeaders()));
        return new InvocationResult(response.status().code(), headers, body.flux(buffers));
    }

    private static UpstreamException unreachable(URI uri, Throwable e) {
        return new UpstreamException("upstream " + uri.getHost() + ":" + uri.getPort() + ": " + e, e);
    }

    private static String stripTrailingSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    @Override
    public void close() {
        pools.forEach(ConnectionProvider::dispose);
    }
}
