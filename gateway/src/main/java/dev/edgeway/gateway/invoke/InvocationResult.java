package dev.edgeway.gateway.invoke;

import org.reactivestreams.Subscription;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;

/**
 * What a function answered. The body is streamed and must be subscribed to exactly once (or
 * {@linkplain #discard() discarded}), because it may hold pooled network buffers.
 */
public record InvocationResult(int status, HttpHeaders headers, Flux<DataBuffer> body) {

    /**
     * Frees the body without reading it, for a caller that can no longer take it. Cancelling the
     * subscription makes the HTTP client release the buffers it holds and close the connection,
     * rather than keeping them until the garbage collector finds them (Netty's leak report).
     */
    public void discard() {
        body.subscribe(new BaseSubscriber<>() {
            @Override
            protected void hookOnSubscribe(Subscription subscription) {
                subscription.cancel();
            }

            @Override
            protected void hookOnNext(DataBuffer buffer) {
                DataBufferUtils.release(buffer);
            }
        });
    }
}
