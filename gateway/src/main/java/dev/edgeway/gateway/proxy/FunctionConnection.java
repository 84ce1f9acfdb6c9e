package dev.edgeway.gateway.proxy;

import dev.edgeway.gateway.server.RequestReadTimeoutException;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.List;
import org.jspecify.annotations.Nullable;
import reactor.netty.http.HttpConnectionLiveness;
import reactor.netty.http.IdleTimeoutHandler;

/**
 * Shares one caller's connection between the Netty routes and Reactor Netty, right after the
 * HTTP codec: a request a {@link NettyRoute} serves ({@code /function}, a state variable's
 * {@code GET} or {@code PUT}) becomes that route's {@link NettyExchange} served here, any other
 * is passed on. One exchange is answered at a time, in the order the requests came: a request
 * that arrives while an answer is still being written (HTTP pipelining) waits here, with reading
 * paused, until that answer's last byte (Reactor Netty's is seen as it passes here on its way
 * out).
 *
 * <p>During a route's exchange this handler does what Reactor Netty's would: it reads (the
 * server runs without auto-read) only as fast as the function takes the body, lifts the idle
 * timeout and sets it again after the answer, and holds back a close asked for meanwhile (a
 * graceful shutdown closes every connection it sees no Reactor Netty exchange on) until the
 * answer has been written.
 */
final class FunctionConnection extends ChannelDuplexHandler implements ExchangeConnection {

    static final String NAME = "edgeway.functionProxy";

    private final FunctionProxy proxy;
    private final List<NettyRoute> routes;
    private final ArrayDeque<Object> waiting = new ArrayDeque<>(0);
    private @Nullable NettyExchange exchange;
    private @Nullable ChannelPromise closeAfterExchange;
    private boolean passedRequest;
    private boolean passedAnswering;

    FunctionConnection(FunctionProxy proxy, List<NettyRoute> routes) {
        this.proxy = proxy;
        this.routes = routes;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!waiting.isEmpty() || msg instanceof HttpRequest && answering()) {
            waiting.add(msg);
            ctx.channel().config().setAutoRead(false);
            return;
        }
        dispatch(ctx, msg);
    }

    private void dispatch(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request) {
            NettyRoute route = routeOf(request);
            passedRequest = route == null;
            if (passedRequest) {
                passedAnswering = true;
            } else {
                start(ctx, route, request);
            }
        }
        if (passedRequest) {
            ctx.fireChannelRead(msg);
        } else if (msg instanceof HttpContent content) {
            if (exchange != null) {
                exchange.received(content);
            } else {
                content.release();
            }
        } else if (!(msg instanceof HttpRequest)) {
            ReferenceCountUtil.release(msg);
        }
    }

    private @Nullable NettyRoute routeOf(HttpRequest request) {
        if (!request.decoderResult().isSuccess()) {
            return null;
        }
        for (NettyRoute route : routes) {
            if (route.serves(request)) {
                return route;
            }
        }
        return null;
    }

    private void start(ChannelHandlerContext ctx, NettyRoute route, HttpRequest request) {
        // From here on the connection is read as the exchange's body is taken (a Reactor Netty
        // exchange before may have left it reading on its own).
        ctx.channel().config().setAutoRead(false);
        IdleTimeoutHandler.removeIdleTimeoutHandler(ctx.pipeline());
        NettyExchange started = route.exchange(this, ctx, request);
        exchange = started;
        proxy.exchangeStarted();
        started.start();
    }

    @Override
    public void exchangeEnded(NettyExchange ended, ChannelHandlerContext ctx) {
        if (exchange != ended) {
            return;
        }
        exchange = null;
        proxy.exchangeEnded();
        if (closeAfterExchange != null) {
            closeNow(ctx);
        } else if (!waiting.isEmpty()) {
            ctx.executor().execute(() -> drain(ctx));
        } else {
            IdleTimeoutHandler.addIdleTimeoutHandler(ctx.pipeline(), proxy.idleTimeout(), HttpConnectionLiveness.CLOSE);
            ctx.read();
        }
    }

    @Override
    public void readIfWanted(ChannelHandlerContext ctx) {
        if (exchange != null && waiting.isEmpty() && exchange.wantsBody()) {
            ctx.read();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        readIfWanted(ctx);
        ctx.fireChannelReadComplete();
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        // Only Reactor Netty's answers pass here: the exchanges write from this handler, past it.
        boolean informational =
                msg instanceof HttpResponse response && response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
        ctx.write(msg, promise);
        if (msg instanceof LastHttpContent && !informational && passedAnswering) {
            passedAnswering = false;
            if (!waiting.isEmpty()) {
                // After Reactor Netty's own bookkeeping of this answer, not inside its write.
                ctx.executor().execute(() -> drain(ctx));
            }
        }
    }

    private void drain(ChannelHandlerContext ctx) {
        // The next request waits for the answer to this one; the parts of this one's body go on.
        while (!waiting.isEmpty()
                && !(waiting.peek() instanceof HttpRequest && answering())
                && ctx.channel().isActive()) {
            dispatch(ctx, waiting.poll());
        }
        if (waiting.isEmpty() && exchange == null && !passedAnswering) {
            ctx.read();
        }
    }

    private boolean answering() {
        return exchange != null || passedAnswering;
    }

    @Override
    public void closeNow(ChannelHandlerContext ctx) {
        ChannelPromise held = closeAfterExchange;
        ctx.close(held != null ? held : ctx.newPromise());
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        if (exchange != null && ctx.channel().isActive() && closeAfterExchange == null) {
            closeAfterExchange = promise;
            exchange.closeAfterAnswer();
            return;
        }
        ctx.close(promise);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (exchange != null && ctx.channel().isWritable()) {
            exchange.writable();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        // A half-close during a route's exchange is RequestPhases' to handle (answer, then
        // close); Reactor Netty, which has no request on the connection, would close it at once.
        if (event instanceof ChannelInputShutdownEvent && exchange != null) {
            return;
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        NettyExchange current = exchange;
        if (current == null || passedRequest) {
            ctx.fireExceptionCaught(cause);
            return;
        }
        current.readFailed(cause);
        if (RequestReadTimeoutException.causeOf(cause).isEmpty()) {
            // A reset or a failed write: the exchange is over, and so is the connection.
            closeNow(ctx);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        NettyExchange current = exchange;
        if (current != null) {
            exchange = null;
            proxy.exchangeEnded();
            current.closed();
        }
        waiting.forEach(ReferenceCountUtil::release);
        waiting.clear();
        ctx.fireChannelInactive();
    }
}
