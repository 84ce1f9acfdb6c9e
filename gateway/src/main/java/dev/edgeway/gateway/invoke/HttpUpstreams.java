package dev.edgeway.gateway.invoke;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.util.internal.ThreadExecutorMap;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * Calls functions over HTTP. Bodies are streamed both ways with back-pressure, so a large body
 * never sits in the heap; redirects are never followed, so a function's 3xx reaches the caller.
 *
 * <p>Plain {@code http} to an IP address, every replica of the local and Kubernetes providers,
 * goes through the gateway's own client on Netty ({@link UpstreamPools}, {@link UpstreamCall}):
 * connections owned by the event loop that serves the caller, buffers passed through without a
 * copy, no operator chain, pool hand-off or connection observer per call, a connection back in
 * its pool as soon as the answer has arrived (docs/benchmarks.md has the before and after). Host names and
 * {@code https} (a provider behind TLS, an {@code http} pipeline step) keep Reactor Netty's
 * client, used as it is given, not through Spring's {@code ReactorClientHttpConnector}, whose
 * header copies cost an eighth of a call. Response headers are Netty's, read through an adapter.
 */
public final class HttpUpstreams implements AutoCloseable {

    private final int maxConnections;
    private final Duration timeout;
    private final List<ConnectionProvider> pools = new CopyOnWriteArrayList<>();
    private final HttpClient shared;
    private final Map<EventLoop, HttpClient> perLoop = new ConcurrentHashMap<>();
    private final UpstreamPools connections;
    private final NettyDataBufferFactory buffers = new NettyDataBufferFactory(ByteBufAllocator.DEFAULT);

    /**
     * @param maxConnections connections kept per upstream host (per event loop for calls made on one)
     * @param timeout the longest wait for the upstream between two reads, and for a connection
     */
    public HttpUpstreams(int maxConnections, Duration timeout) {
        this.maxConnections = maxConnections;
        this.timeout = timeout;
        this.shared = configure(HttpClient.create(pool("edgeway-upstreams")));
        this.connections = new UpstreamPools(maxConnections, timeout);
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
        Optional<DirectAddress> direct = DirectAddress.of(base);
        if (direct.isPresent()) {
            DirectAddress address = direct.get();
            return invocation ->
                    direct(address, UpstreamTargets.encode(address.basePath(), invocation.pathAndQuery()), invocation);
        }
        String prefix = stripTrailingSlash(base.toString());
        return invocation -> library(UpstreamTargets.of(prefix, invocation.pathAndQuery()), invocation);
    }

    /** Sends one invocation to an absolute URI. */
    public Mono<InvocationResult> exchange(URI uri, Invocation invocation) {
        Optional<DirectAddress> direct = DirectAddress.of(uri);
        return direct.isPresent()
                ? direct(direct.get(), DirectAddress.requestTarget(uri), invocation)
                : library(uri, invocation);
    }

    /** On the gateway's own client, on this thread's event loop when it runs on one. */
    private Mono<InvocationResult> direct(DirectAddress address, String target, Invocation invocation) {
        return Mono.create(sink -> {
            EventLoop loop = connections.loop();
            Loops.run(loop, () -> new UpstreamCall(
                            connections.on(loop, address.socket()), loop, address, invocation, target, timeout, sink)
                    .start());
        });
    }

    /** On Reactor Netty's client: names to resolve, TLS. */
    private Mono<InvocationResult> library(URI uri, Invocation invocation) {
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
        connections.close();
        pools.forEach(ConnectionProvider::dispose);
    }
}
