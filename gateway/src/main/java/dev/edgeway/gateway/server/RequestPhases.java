package dev.edgeway.gateway.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandler;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Follows one connection from request to request, behind the HTTP codec, and applies what
 * Reactor Netty has no option for. Its {@code requestTimeout} closes the connection without an
 * answer and its idle timeout is not reset by a trickle of header bytes, so:
 *
 * <ul>
 *   <li>a request head must be complete within the header timeout of its first byte (Go's
 *       {@code ReadHeaderTimeout}), else 408 and close;
 *   <li>a body must be complete within the read timeout of its head: the handler reading it then
 *       fails with {@link RequestReadTimeoutException} and answers 408, and the connection is
 *       closed after that answer, since the rest of the body is still on its way;
 *   <li>a client that half-closes its side after a complete request is answered first and
 *       closed after; at once when no request is pending or its body is incomplete.
 * </ul>
 */
final class RequestPhases extends ChannelDuplexHandler {

    static final String NAME = "edgeway.requestPhases";

    private final long headerMillis;
    private final long readMillis;

    // Written on the event loop; read by ConnectionLimit from other threads.
    private volatile boolean exchanging;
    private boolean bytesWhileWaiting;
    private boolean bodyPending;
    private boolean closeAfterResponse;
    private @Nullable ScheduledFuture<?> timer;

    RequestPhases(Duration headerTimeout, Duration readTimeout) {
        this.headerMillis = Math.max(1, headerTimeout.toMillis());
        this.readMillis = Math.max(1, readTimeout.toMillis());
    }

    /** Whether the connection has no request in progress: it waits for, or is reading, a head. */
    static boolean isIdle(Channel channel) {
        RequestPhases phases = channel.pipeline().get(RequestPhases.class);
        return phases == null || !phases.exchanging;
    }

    /** Goes before the codec: tells this handler that bytes arrived, whether or not they made a head yet. */
    ChannelInboundHandler bytesWatcher() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (!exchanging) {
                    bytesWhileWaiting = true;
                }
                ctx.fireChannelRead(msg);
            }
        };
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest) {
            cancelTimer();
            exchanging = true;
            bytesWhileWaiting = false;
            // Set before passing the head on: a quick handler may answer before this returns.
            bodyPending = !(msg instanceof LastHttpContent);
            // A head that announces no body is followed by its (empty) end in the same read:
            // no timer for it, which would be scheduled and cancelled on every such request.
            if (bodyPending && announcesBody((HttpRequest) msg)) {
                timer = ctx.executor().schedule(() -> bodyTimedOut(ctx), readMillis, TimeUnit.MILLISECONDS);
            }
        } else if (msg instanceof LastHttpContent) {
            bodyPending = false;
            cancelTimer();
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        // Bytes arrived that the codec has not made a head of yet: a head has begun.
        if (bytesWhileWaiting && !exchanging && timer == null) {
            timer = ctx.executor().schedule(() -> headTimedOut(ctx), headerMillis, TimeUnit.MILLISECONDS);
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        // A 100 Continue is a complete message too, but the response it announces is still to come.
        boolean informational =
                msg instanceof HttpResponse response && response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
        if (msg instanceof LastHttpContent && !informational) {
            ChannelPromise written = promise.unvoid();
            written.addListener(future -> responseWritten(ctx));
            ctx.write(msg, written);
            return;
        }
        ctx.write(msg, promise);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof ChannelInputShutdownEvent) {
            // The client sends nothing more: answer a complete request, then close. With nothing
            // pending, or a body that can now never be complete, there is nothing to answer.
            closeAfterResponse = true;
            if (!exchanging || bodyPending) {
                ctx.close();
            }
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancelTimer();
        ctx.fireChannelInactive();
    }

    private void responseWritten(ChannelHandlerContext ctx) {
        exchanging = false;
        // A body still on its way keeps its timer: it is discarded, or the connection closed at the read timeout.
        if (closeAfterResponse) {
            ctx.close();
        }
    }

    private void headTimedOut(ChannelHandlerContext ctx) {
        timer = null;
        if (!exchanging) {
            var response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.REQUEST_TIMEOUT);
            response.headers()
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, 0)
                    .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private void bodyTimedOut(ChannelHandlerContext ctx) {
        timer = null;
        if (!bodyPending) {
            return;
        }
        if (exchanging) {
            closeAfterResponse = true;
            ctx.fireExceptionCaught(new RequestReadTimeoutException(readMillis));
        } else {
            ctx.close();
        }
    }

    private static boolean announcesBody(HttpRequest request) {
        String length = request.headers().get(HttpHeaderNames.CONTENT_LENGTH);
        // Anything but a plain "0" (a length, a malformed one the codec refuses) keeps the timer.
        return HttpUtil.isTransferEncodingChunked(request) || length != null && !length.equals("0");
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
