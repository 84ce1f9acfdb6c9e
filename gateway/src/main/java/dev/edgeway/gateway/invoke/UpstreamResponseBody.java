package dev.edgeway.gateway.invoke;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.ArrayDeque;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

/**
 * A response body as it arrives, passed on without a copy: each buffer the decoder made is
 * handed to the reader, who releases it (the proxy writes it to its caller, which does). What
 * arrives before the reader has asked for it waits here, and the connection reads again only
 * when the reader wants more and nothing is waiting. Everything runs on the connection's loop;
 * a body can be read once.
 */
final class UpstreamResponseBody {

    private static final NettyDataBufferFactory BUFFERS = new NettyDataBufferFactory(ByteBufAllocator.DEFAULT);

    private final UpstreamCall call;
    private final ArrayDeque<HttpContent> pending = new ArrayDeque<>(2);
    private @Nullable FluxSink<DataBuffer> sink;
    private @Nullable Throwable failure;
    private boolean subscribed;
    private boolean ended;
    private boolean failed;
    private boolean draining;
    private boolean again;

    UpstreamResponseBody(UpstreamCall call) {
        this.call = call;
    }

    Flux<DataBuffer> flux() {
        return Flux.create(this::attach);
    }

    private void attach(FluxSink<DataBuffer> reader) {
        call.onLoop(() -> {
            if (subscribed) {
                reader.error(new IllegalStateException("the response body has been read already"));
                return;
            }
            subscribed = true;
            sink = reader;
            reader.onRequest(n -> call.onLoop(this::requested));
            reader.onCancel(() -> call.onLoop(this::cancelled));
            drain();
        });
    }

    /** Whether the reader waits for bytes that are still to be read from the connection. */
    boolean wantsData() {
        return sink != null && !ended && !failed && pending.isEmpty() && sink.requestedFromDownstream() > 0;
    }

    void offer(HttpContent content) {
        ended |= content instanceof LastHttpContent;
        pending.add(content);
        drain();
    }

    /** The call failed (or was cancelled, with no error): what waits is freed, the reader told. */
    void fail(@Nullable Throwable error) {
        if (failed) {
            return;
        }
        failed = true;
        failure = error;
        release();
        if (sink != null && error != null) {
            sink.error(error);
        }
    }

    private void requested() {
        drain();
        call.demand();
    }

    private void cancelled() {
        release();
        sink = null;
        call.bodyCancelled();
    }

    private void drain() {
        if (draining) {
            again = true;
            return;
        }
        draining = true;
        try {
            do {
                again = false;
                emit();
            } while (again);
        } finally {
            draining = false;
        }
    }

    private void emit() {
        FluxSink<DataBuffer> reader = sink;
        if (reader == null) {
            return;
        }
        if (failed && pending.isEmpty()) {
            if (failure != null) {
                reader.error(failure);
            }
            return;
        }
        while (!pending.isEmpty() && reader.requestedFromDownstream() > 0) {
            HttpContent content = pending.poll();
            if (content.content().isReadable()) {
                reader.next(BUFFERS.wrap(content.content()));
            } else {
                content.release();
            }
            if (content instanceof LastHttpContent) {
                reader.complete();
                return;
            }
        }
    }

    private void release() {
        for (HttpContent content = pending.poll(); content != null; content = pending.poll()) {
            content.release();
        }
    }
}
