package dev.edgeway.gateway.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import org.reactivestreams.Subscription;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import reactor.core.publisher.BaseSubscriber;

/**
 * Writes a function's response body to the caller, buffer by buffer, without a copy: the next
 * buffer is asked for once the last was written and the socket can take more, so a large body
 * streams at the caller's pace. Writes are flushed once per batch of buffers that arrived
 * together, and an event stream or NDJSON on every buffer, so each event reaches the caller at
 * once.
 */
final class CallerResponse extends BaseSubscriber<DataBuffer> {

    private final FunctionExchange exchange;
    private final ChannelHandlerContext ctx;
    private final boolean streaming;
    private final boolean closeAfter;
    private boolean parked;
    private boolean flushPending;
    private boolean finished;

    CallerResponse(FunctionExchange exchange, ChannelHandlerContext ctx, boolean streaming, boolean closeAfter) {
        this.exchange = exchange;
        this.ctx = ctx;
        this.streaming = streaming;
        this.closeAfter = closeAfter;
    }

    @Override
    protected void hookOnSubscribe(Subscription subscription) {
        subscription.request(1);
    }

    @Override
    protected void hookOnNext(DataBuffer buffer) {
        exchange.onLoop(() -> write(buffer));
    }

    @Override
    protected void hookOnComplete() {
        exchange.onLoop(this::end);
    }

    @Override
    protected void hookOnError(Throwable error) {
        exchange.onLoop(() -> {
            finished = true;
            exchange.responseFailed(error);
        });
    }

    @Override
    protected void hookOnCancel() {
        // Cancelled on the loop when the caller went away: a buffer still on its way is dropped.
        finished = true;
    }

    /** The socket can take more again; on the loop. */
    void writable() {
        if (parked && !finished) {
            parked = false;
            request(1);
        }
    }

    private void write(DataBuffer buffer) {
        if (finished) {
            DataBufferUtils.release(buffer);
            return;
        }
        DefaultHttpContent content = new DefaultHttpContent(NettyDataBufferFactory.toByteBuf(buffer));
        if (streaming) {
            ctx.writeAndFlush(content, ctx.voidPromise());
        } else {
            ctx.write(content, ctx.voidPromise());
            flushSoon();
        }
        if (ctx.channel().isWritable()) {
            request(1);
        } else {
            // Nothing more until the caller has taken what is written: flushed now, so it can.
            parked = true;
            ctx.flush();
        }
    }

    /** Flushes after the buffers that arrive in this turn of the loop, not after each one. */
    private void flushSoon() {
        if (!flushPending) {
            flushPending = true;
            ctx.executor().execute(() -> {
                flushPending = false;
                ctx.flush();
            });
        }
    }

    private void end() {
        if (finished) {
            return;
        }
        finished = true;
        ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT)
                .addListener(written -> exchange.responseWritten(written, closeAfter));
    }
}
