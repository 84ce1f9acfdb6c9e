package dev.edgeway.gateway.invoke;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import java.time.Duration;
import reactor.core.publisher.Mono;
import reactor.netty.resources.LoopResources;

/** Runs a client on one event loop that belongs to the server's resources, which stop it, not this. */
record OneLoop(EventLoop loop) implements LoopResources {
    @Override
    public EventLoopGroup onServer(boolean useNative) {
        return loop;
    }

    @Override
    public EventLoopGroup onClient(boolean useNative) {
        return loop;
    }

    @Override
    public Mono<Void> disposeLater(Duration quietPeriod, Duration timeout) {
        return Mono.empty();
    }
}
