package dev.edgeway.gateway.invoke;

import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import reactor.core.publisher.Flux;
import reactor.netty.Connection;

/** A response body not yet subscribed to; drained when its call is cancelled before it was. */
final class UnreadBody {
    private final Connection connection;
    private final AtomicBoolean taken = new AtomicBoolean();

    UnreadBody(Connection connection) {
        this.connection = connection;
    }

    Flux<DataBuffer> flux(NettyDataBufferFactory buffers) {
        return connection
                .inbound()
                .receive()
                .doOnSubscribe(s -> taken.set(true))
                .map(buffer -> buffers.wrap(buffer.retain()));
    }

    void drain() {
        if (taken.compareAndSet(false, true)) {
            connection.inbound().receive().subscribe(buffer -> {}, error -> {});
        }
    }
}
