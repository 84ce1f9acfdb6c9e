package dev.edgeway.gateway.server;

import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import java.time.Duration;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;

/**
 * Bounds what one client can hold of the public server, so slow or idle clients cannot exhaust
 * its connections and descriptors:
 *
 * <ul>
 *   <li>idle timeout (Reactor Netty's): a connection waiting for a complete request head is
 *       closed after it, whether it sends nothing or sends the head too slowly;
 *   <li>header and read timeouts ({@link RequestPhases}): a started head must be complete within
 *       the header timeout, a body within the read timeout (then 408, as Go's
 *       {@code ReadTimeout} cuts it);
 *   <li>write timeout ({@link WriteProgressTimeout}): a connection whose output has not moved
 *       for that long is cut, so a client that stops reading goes; a streamed response has no
 *       total deadline, which would end legitimate long streams;
 *   <li>the connection limit ({@link ConnectionLimit}).
 * </ul>
 *
 * <p>Half-closure is allowed: a client may send a complete request and shut down its sending
 * side (as {@code nc -N} or a shell script does) and still read the answer.
 */
final class PublicServer implements NettyServerCustomizer {

    private final Duration readHeaderTimeout;
    private final Duration readTimeout;
    private final Duration writeTimeout;
    private final Duration idleTimeout;
    private final ConnectionLimit limit;

    PublicServer(
            Duration readHeaderTimeout,
            Duration readTimeout,
            Duration writeTimeout,
            Duration idleTimeout,
            int maxConnections) {
        this.readHeaderTimeout = readHeaderTimeout;
        this.readTimeout = readTimeout;
        this.writeTimeout = writeTimeout;
        this.idleTimeout = idleTimeout;
        this.limit = new ConnectionLimit(maxConnections, RequestPhases::isIdle);
    }

    @Override
    public HttpServer apply(HttpServer server) {
        // Once per connection (doOnConnection would run for every request of a kept-alive one).
        // Reactor Netty has added its HTTP codec by now.
        return server.idleTimeout(idleTimeout)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .doOnChannelInit((observer, channel, remote) -> {
                    ChannelPipeline pipeline = channel.pipeline();
                    pipeline.addFirst(WriteProgressTimeout.NAME, new WriteProgressTimeout(writeTimeout));
                    pipeline.addFirst(ConnectionLimit.NAME, limit);
                    if (pipeline.get(NettyPipeline.HttpCodec) != null) {
                        RequestPhases phases = new RequestPhases(readHeaderTimeout, readTimeout);
                        pipeline.addBefore(
                                NettyPipeline.HttpCodec, RequestPhases.NAME + ".bytes", phases.bytesWatcher());
                        pipeline.addAfter(NettyPipeline.HttpCodec, RequestPhases.NAME, phases);
                    }
                });
    }
}
