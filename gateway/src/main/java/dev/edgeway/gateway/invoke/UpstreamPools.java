package dev.edgeway.gateway.invoke;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.pool.AbstractChannelPoolHandler;
import io.netty.channel.pool.ChannelHealthChecker;
import io.netty.channel.pool.FixedChannelPool;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.util.internal.ThreadExecutorMap;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import reactor.netty.http.HttpResources;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * Keep-alive connections to upstreams, pooled per event loop and address with Netty's
 * {@link FixedChannelPool}: a call made on an event loop (the {@code /function} proxy) takes a
 * connection that loop owns, so both hops of a call run on one thread with no hand-off, as
 * nginx's workers own their upstream connections. Calls made elsewhere (async worker, Kafka,
 * schedules, pipelines) run on a loop of the server's group. Each pool is only ever touched on
 * its loop, so the map of a loop's pools is a plain map.
 */
final class UpstreamPools implements AutoCloseable {

    private static final Duration IDLE = Duration.ofSeconds(90);

    private final int maxConnections;
    private final Duration timeout;
    /** Every open connection, to close at the end: the pools' own close waits, which a loop must not. */
    private final ChannelGroup open = new DefaultChannelGroup("edgeway-upstreams", GlobalEventExecutor.INSTANCE);

    private final FastThreadLocal<Map<InetSocketAddress, FixedChannelPool>> perLoop = new FastThreadLocal<>() {
        @Override
        protected Map<InetSocketAddress, FixedChannelPool> initialValue() {
            return new HashMap<>();
        }
    };

    /**
     * @param maxConnections connections kept per address on each event loop; calls beyond wait for one
     * @param timeout the longest wait to connect
     */
    UpstreamPools(int maxConnections, Duration timeout) {
        this.maxConnections = maxConnections;
        this.timeout = timeout;
    }

    /** The loop a call made on this thread runs on: this thread's own, or one of the group's. */
    EventLoop loop() {
        // Netty's record of the executor running on this thread, set for each event loop thread.
        if (ThreadExecutorMap.currentExecutor() instanceof EventLoop loop) {
            return loop;
        }
        // Looked up each time, not kept: the global resources are replaced when disposed (a test's
        // context closing), and a kept group would be a terminated one.
        return HttpResources.get().onClient(LoopResources.hasNativeSupport()).next();
    }

    /** The pool of {@code address} on the current event loop; call on that loop only. */
    FixedChannelPool on(EventLoop loop, InetSocketAddress address) {
        return perLoop.get().computeIfAbsent(address, a -> create(loop, a));
    }

    private FixedChannelPool create(EventLoop loop, InetSocketAddress address) {
        int millis = (int) Math.min(timeout.toMillis(), Integer.MAX_VALUE);
        Bootstrap bootstrap = new Bootstrap()
                .group(loop)
                .channel(HttpResources.get().onChannelClass(SocketChannel.class, loop))
                .remoteAddress(address)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, millis)
                .option(ChannelOption.TCP_NODELAY, true)
                // Read only when the call wants data: the response body is read at its reader's pace.
                .option(ChannelOption.AUTO_READ, false);
        FixedChannelPool pool = new FixedChannelPool(
                bootstrap,
                new AbstractChannelPoolHandler() {
                    @Override
                    public void channelCreated(Channel channel) {
                        open.add(channel);
                        channel.pipeline()
                                .addLast(new HttpClientCodec())
                                .addLast(new IdleStateHandler(IDLE.toSeconds(), 0, 0, TimeUnit.SECONDS))
                                .addLast(new UpstreamChannel());
                    }
                },
                ChannelHealthChecker.ACTIVE,
                FixedChannelPool.AcquireTimeoutAction.FAIL,
                // A call waits for a connection as long as Reactor Netty's pools let it.
                ConnectionProvider.DEFAULT_POOL_ACQUIRE_TIMEOUT,
                maxConnections,
                Integer.MAX_VALUE,
                true,
                true);
        return pool;
    }

    @Override
    public void close() {
        open.close();
    }
}
