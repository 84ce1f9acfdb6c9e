package dev.edgeway.gateway.invoke;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A body held whole, for the callers that keep a function's answer rather than stream it (a
 * pipeline step's output, an async call's result, a Kafka reply), and a body already held as
 * bytes (the request of such a call, the watchdog's own plain-text answers). {@code /function}
 * streams and never joins.
 */
public final class BodyBytes {

    private BodyBytes() {}

    /**
     * The body's bytes, empty for an empty body; a {@link DataBufferLimitException} when it is
     * longer than {@code maxBytes}. The joined buffer is released once copied.
     */
    public static Mono<byte[]> join(Flux<DataBuffer> body, long maxBytes) {
        return DataBufferUtils.join(body, (int) Math.min(maxBytes, Integer.MAX_VALUE))
                .map(buffer -> {
                    try {
                        byte[] bytes = new byte[buffer.readableByteCount()];
                        buffer.read(bytes);
                        return bytes;
                    } finally {
                        DataBufferUtils.release(buffer);
                    }
                })
                .defaultIfEmpty(new byte[0]);
    }

    /**
     * A body from bytes: no buffer for an empty one, and a fresh buffer on each subscription, so
     * a retried call sends the bytes again (a read buffer is spent).
     */
    public static Flux<DataBuffer> of(byte[] bytes) {
        return bytes.length == 0
                ? Flux.empty()
                : Flux.defer(() -> Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(bytes)));
    }
}
