package dev.edgeway.gateway.config;

import io.netty.handler.timeout.WriteTimeoutHandler;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import reactor.netty.http.server.HttpServer;

/**
 * Applies {@code read_timeout} and {@code write_timeout} to the public server. A request must be
 * read completely within the read timeout, as Go's {@code ReadTimeout} does. A streamed response
 * cannot have a total deadline without cutting legitimate long streams, so the write timeout
 * bounds each write instead: a client that stops reading for that long is disconnected.
 */
class ServerTimeouts implements NettyServerCustomizer {

    private final GatewayProperties properties;

    ServerTimeouts(GatewayProperties properties) {
        this.properties = properties;
    }

    @Override
    public HttpServer apply(HttpServer server) {
        long writeMillis = properties.writeTimeout().toMillis();
        // Once per connection (doOnConnection would run for every request of a kept-alive one).
        return server.requestTimeout(properties.readTimeout())
                .doOnChannelInit((observer, channel, remote) -> channel.pipeline()
                        .addFirst("edgeway.writeTimeout", new WriteTimeoutHandler(writeMillis, TimeUnit.MILLISECONDS)));
    }
}
