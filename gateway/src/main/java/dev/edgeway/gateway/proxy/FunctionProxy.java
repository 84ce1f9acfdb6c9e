package dev.edgeway.gateway.proxy;

import dev.edgeway.gateway.config.GatewayVersion;
import dev.edgeway.gateway.invoke.FunctionInvoker;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.SmartLifecycle;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;

/**
 * {@code /function/{name}[.{namespace}][/{path}]}: forwards any method to the function through
 * the one {@link FunctionInvoker}, streaming the body both ways, and relays the function's
 * status, headers and body unchanged (3xx included) with the OpenFaaS header rules applied.
 *
 * <p>This is the gateway's hot path, so it is served by a plain Netty handler
 * ({@link FunctionConnection}) right after the HTTP codec, in front of Reactor Netty and Spring
 * WebFlux: a request and its answer are Netty's messages, without Reactor Netty's per-request
 * operations, WebFlux's adaptation, filter chain and header copies. Every other request on the
 * connection is passed on to Reactor Netty and served by WebFlux through {@code GatewayRoutes}.
 * See docs/benchmarks.md.
 *
 * <p>The same handler serves the other {@link NettyRoute}s on the connection, after this one.
 *
 * <p>A graceful shutdown waits for the calls in progress here too: Reactor Netty's waits only
 * for its own exchanges, so this proxy's stop, in the phase after it, waits until the last of
 * its exchanges has been answered (each connection closes after its answer, see
 * {@link FunctionConnection}), within Spring's timeout per shutdown phase.
 */
public class FunctionProxy implements NettyServerCustomizer, SmartLifecycle {

    static final String PREFIX = "/function/";

    private final FunctionInvoker invoker;
    private final String defaultNamespace;
    private final GatewayVersion version;
    private final Duration idleTimeout;
    private final List<NettyRoute> routes;
    private final AtomicInteger inProgress = new AtomicInteger();
    private volatile @Nullable CompletableFuture<Void> stopping;
    private volatile boolean running;

    /** The proxy, and after it on the same connections the other Netty routes ({@code others}). */
    public FunctionProxy(
            FunctionInvoker invoker,
            String defaultNamespace,
            GatewayVersion version,
            Duration idleTimeout,
            List<NettyRoute> others) {
        this.invoker = invoker;
        this.defaultNamespace = defaultNamespace;
        this.version = version;
        this.idleTimeout = idleTimeout;
        List<NettyRoute> all = new ArrayList<>(List.of(new Functions()));
        all.addAll(others);
        this.routes = List.copyOf(all);
    }

    @Override
    public HttpServer apply(HttpServer server) {
        // Once per connection; Reactor Netty's HTTP/1.1 handlers are in the pipeline by now.
        return server.doOnChannelInit((observer, channel, remote) -> {
            ChannelPipeline pipeline = channel.pipeline();
            if (pipeline.get(NettyPipeline.HttpTrafficHandler) == null) {
                throw new IllegalStateException("no HTTP/1.1 pipeline to serve /function on: " + pipeline.names());
            }
            pipeline.addBefore(
                    NettyPipeline.HttpTrafficHandler, FunctionConnection.NAME, new FunctionConnection(this, routes));
        });
    }

    /** The proxy's route: every path under {@code /function/}. */
    private final class Functions implements NettyRoute {

        @Override
        public boolean serves(HttpRequest head) {
            return head.uri().startsWith(PREFIX);
        }

        @Override
        public NettyExchange exchange(ExchangeConnection connection, ChannelHandlerContext ctx, HttpRequest head) {
            return new FunctionExchange(FunctionProxy.this, connection, ctx, head);
        }
    }

    void exchangeStarted() {
        inProgress.incrementAndGet();
    }

    void exchangeEnded() {
        CompletableFuture<Void> stop = stopping;
        if (inProgress.decrementAndGet() == 0 && stop != null) {
            stop.complete(null);
        }
    }

    /** Exchanges of every Netty route being answered now, on every connection. */
    public int inProgress() {
        return inProgress.get();
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public void stop(Runnable callback) {
        running = false;
        CompletableFuture<Void> stop = new CompletableFuture<>();
        stopping = stop;
        if (inProgress.get() == 0) {
            stop.complete(null);
        }
        stop.thenRun(callback);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Right after the web server's graceful shutdown, which has stopped new connections by then. */
    @Override
    public int getPhase() {
        return WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE - 1;
    }

    Duration idleTimeout() {
        return idleTimeout;
    }

    FunctionInvoker invoker() {
        return invoker;
    }

    String defaultNamespace() {
        return defaultNamespace;
    }

    GatewayVersion version() {
        return version;
    }
}
