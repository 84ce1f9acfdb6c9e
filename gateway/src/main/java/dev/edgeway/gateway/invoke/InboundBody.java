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
 * A body as it arrives on a connection (a function's response on an upstream connection, a
 * caller's request on the public server), passed on without a copy: each buffer the decoder
 * made is handed to the reader, who releases it. What arrives before the reader has asked for
 * it waits here, and the connection reads again only when the reader wants more and nothing is
 * waiting. Everything runs on the connection's loop; a body can be read once.
 */
public final class InboundBody {

    /** The connection a body arrives on, as the body sees it. */
    public interface Source {

        /** Runs {@code task} on the connection's loop: at once when on it, else queued to it. */
        void onLoop(Runnable task);

        /** The reader asked for more; on the loop. */
        void demand();

        /** The reader cancelled the body; on the loop. */
        void bodyCancelled();
    }

    private static final NettyDataBufferFactory BUFFERS = new NettyDataBufferFactory(ByteBufAllocator.DEFAULT);

    private final Source call;
    private final ArrayDeque<HttpContent> pending = new ArrayDeque<>(2);
    private @Nullable FluxSink<DataBuffer> sink;
    private @Nullable Throwable failure;
    private boolean subscribed;
    private boolean ended;
    private boolean failed;
    private boolean draining;
    private boolean again;

    public InboundBody(Source call) {
        this.call = call;
    }

    public Flux<DataBuffer> flux() {
        // Flux.push with OverflowStrategy.IGNORE, which would save the serializing sink and the
        // queue, stalled a body read at a slow caller's pace for good (SlowClientsIT): kept as is.
        return Flux.create(this::attach);
    }

    private void attach(FluxSink<DataBuffer> reader) {
        call.onLoop(() -> {
            if (subscribed) {
                reader.error(new IllegalStateException("the body has been read already"));
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
    public boolean wantsData() {
        return sink != null && !ended && !failed && pending.isEmpty() && sink.requestedFromDownstream() > 0;
    }

    /** A part of the body arrived; on the loop. The body owns it from now on. */
    public void offer(HttpContent content) {
        ended |= content instanceof LastHttpContent;
        pending.add(content);
        drain();
    }

    /** The call failed (or was cancelled, with no error): what waits is freed, the reader told. */
    public void fail(@Nullable Throwable error) {
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
