package dev.edgeway.gateway.storage;

import dev.edgeway.gateway.proxy.ExchangeConnection;
import dev.edgeway.gateway.proxy.NettyExchange;
import dev.edgeway.storage.web.VariableCalls;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.Future;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.concurrent.ThreadFactory;
import org.jspecify.annotations.Nullable;

/**
 * One variable {@code GET} or {@code PUT} on a caller's connection: the body (of announced
 * length, small) is taken whole, the call runs on a virtual thread, and its answer is written back on the connection's loop, a large value in chunks at the
 * caller's pace. The exchange ends when its request has been received whole and its answer written.
 */
final class VariableExchange implements NettyExchange {

    /**
     * A virtual thread per call, one name for all: the connection limit bounds how many run at
     * once (one exchange per connection at a time), and a thread of its own costs less than
     * Reactor's bounded pool's bookkeeping and a numbered name for each.
     */
    private static final ThreadFactory CALLS =
            Thread.ofVirtual().name("edgeway-state-call").factory();

    private final VariableRoute route;
    private final ExchangeConnection connection;
    private final ChannelHandlerContext ctx;
    private final HttpRequest request;
    private final String path;
    private final byte[] body;
    private int size;
    private VariableCalls.@Nullable Answer answer;
    private @Nullable Iterator<ByteBuffer> unwritten;
    private boolean requestEnded;
    private boolean headersSent;
    private boolean closeAfter;
    private boolean closing;
    private boolean ended;
    private boolean gone;

    VariableExchange(
            VariableRoute route, ExchangeConnection connection, ChannelHandlerContext ctx, HttpRequest request) {
        this.route = route;
        this.connection = connection;
        this.ctx = ctx;
        this.request = request;
        this.path = request.uri(); // VariableRoute took only a plain path, without a query
        this.body = new byte[(int) HttpUtil.getContentLength(request, 0L)];
    }

    @Override
    public void start() {
        if (body.length > 0 && HttpUtil.is100ContinueExpected(request)) {
            ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
        }
        connection.readIfWanted(ctx);
    }

    @Override
    public void received(HttpContent content) {
        try {
            int count = Math.min(content.content().readableBytes(), body.length - size);
            content.content().readBytes(body, size, count);
            size += count;
        } finally {
            content.release();
        }
        if (content instanceof LastHttpContent && !requestEnded) {
            requestEnded = true;
            call();
        }
    }

    private void call() {
        if (!route.admits(request.headers().get(HttpHeaderNames.AUTHORIZATION))) {
            write(route.unauthorized(path));
            return;
        }
        boolean get = HttpMethod.GET.equals(request.method());
        String rawPath = request.uri().substring(VariableRoute.PREFIX.length());
        int slash = rawPath.indexOf('/');
        String taskId = rawPath.substring(0, slash);
        String varName = rawPath.substring(slash + 1);
        var headers = request.headers();
        VariableCalls calls = route.calls();
        CALLS.newThread(() -> {
                    VariableCalls.Answer done = get
                            ? calls.get(taskId, varName, headers.get(HttpHeaderNames.ACCEPT), path)
                            : calls.put(
                                    taskId,
                                    varName,
                                    headers.get(HttpHeaderNames.CONTENT_TYPE),
                                    headers.get(HttpHeaderNames.IF_MATCH),
                                    headers.get(HttpHeaderNames.IF_NONE_MATCH),
                                    body,
                                    path);
                    ctx.executor().execute(() -> write(done));
                })
                .start();
    }

    private void write(VariableCalls.Answer done) {
        if (gone) {
            done.written().run();
            return;
        }
        answer = done;
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(done.status()));
        done.headers().forEach((name, values) -> head.headers().add(name, values));
        closeAfter = closing || !requestEnded || !HttpUtil.isKeepAlive(request);
        if (closeAfter) {
            head.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        headersSent = true;
        ctx.write(head, ctx.voidPromise());
        unwritten = done.body().iterator();
        writeBody();
    }

    /** Writes the body's buffers while the socket takes them, then its end. */
    private void writeBody() {
        Iterator<ByteBuffer> buffers = unwritten;
        if (buffers == null) {
            return;
        }
        while (buffers.hasNext()) {
            if (!ctx.channel().isWritable()) {
                ctx.flush();
                return;
            }
            ctx.write(new DefaultHttpContent(Unpooled.wrappedBuffer(buffers.next())), ctx.voidPromise());
        }
        unwritten = null;
        ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(this::written);
    }

    private void written(Future<? super Void> future) {
        release();
        if (!future.isSuccess() || closeAfter) {
            closed();
            connection.closeNow(ctx);
            return;
        }
        if (requestEnded && !gone && !ended) {
            ended = true;
            connection.exchangeEnded(this, ctx);
        }
    }

    private void release() {
        VariableCalls.Answer done = answer;
        answer = null;
        if (done != null) {
            done.written().run();
        }
    }

    @Override
    public boolean wantsBody() {
        return !requestEnded;
    }

    @Override
    public void closeAfterAnswer() {
        closing = true;
    }

    @Override
    public void writable() {
        writeBody();
    }

    @Override
    public void readFailed(Throwable cause) {
        if (!headersSent && !requestEnded) {
            write(route.calls().problem(cause, path));
        }
    }

    @Override
    public void closed() {
        gone = true;
        unwritten = null;
        release();
    }
}
