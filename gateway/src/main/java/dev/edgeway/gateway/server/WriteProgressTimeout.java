package dev.edgeway.gateway.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.timeout.WriteTimeoutException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The write timeout: cuts a connection whose client has stopped reading, when what was written
 * to it has not moved for the timeout. As nginx's {@code send_timeout}, the time runs between two
 * successive transfers to the client, not for the whole response, so a long stream read at any
 * pace lives on. A stall is seen within twice the timeout.
 *
 * <p>One timer per connection, armed by a write and re-armed while output is pending, where
 * Netty's {@code WriteTimeoutHandler} schedules a timer and adds a listener for every write
 * (5 % of the gateway's CPU per proxied call, docs/benchmarks.md). Progress is read from the
 * channel's outbound buffer as Netty's {@code IdleStateHandler} does with {@code observeOutput}.
 */
final class WriteProgressTimeout extends ChannelOutboundHandlerAdapter {

    static final String NAME = "edgeway.writeTimeout";

    private final long timeoutNanos;
    private @Nullable ScheduledFuture<?> check;
    private int lastMessage;
    private long lastProgress;
    private long lastPending;

    WriteProgressTimeout(Duration timeout) {
        this.timeoutNanos = Math.max(1, timeout.toNanos());
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        ctx.write(msg, promise);
        if (check == null) {
            arm(ctx);
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (check != null) {
            check.cancel(false);
            check = null;
        }
    }

    private void arm(ChannelHandlerContext ctx) {
        ChannelOutboundBuffer out = ctx.channel().unsafe().outboundBuffer();
        if (out != null) {
            moved(out);
        }
        check = ctx.executor().schedule(() -> check(ctx), timeoutNanos, TimeUnit.NANOSECONDS);
    }

    private void check(ChannelHandlerContext ctx) {
        check = null;
        ChannelOutboundBuffer out = ctx.channel().unsafe().outboundBuffer();
        if (!ctx.channel().isActive() || out == null || out.totalPendingWriteBytes() == 0) {
            // Everything was written: the next write arms the timer again.
            return;
        }
        if (moved(out)) {
            arm(ctx);
            return;
        }
        ctx.fireExceptionCaught(WriteTimeoutException.INSTANCE);
        ctx.close();
    }

    /** Whether the output moved since the last look (another message first, bytes of it sent, fewer or more pending); remembers this look. */
    private boolean moved(ChannelOutboundBuffer out) {
        int message = System.identityHashCode(out.current());
        long progress = out.currentProgress();
        long pending = out.totalPendingWriteBytes();
        boolean moved = message != lastMessage || progress != lastProgress || pending != lastPending;
        lastMessage = message;
        lastProgress = progress;
        lastPending = pending;
        return moved;
    }
}
