package dev.edgeway.gateway.proxy;

import dev.edgeway.gateway.invoke.InboundBody;
import dev.edgeway.gateway.invoke.Invocation;
import dev.edgeway.gateway.invoke.InvocationResult;
import dev.edgeway.gateway.invoke.Loops;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.Future;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * One {@code /function} call on a caller's connection, on the connection's loop: the request
 * becomes an {@link Invocation} whose body is read as the function takes it
 * ({@link InboundBody}), the function's answer is relayed with the OpenFaaS header rules, its
 * body written at the caller's pace ({@link CallerResponse}). The exchange ends when its request
 * has been received whole and its answer written; a caller that goes away cancels the call.
 */
final class FunctionExchange implements NettyExchange, InboundBody.Source {

    private final FunctionProxy proxy;
    private final ExchangeConnection connection;
    private final ChannelHandlerContext ctx;
    private final HttpRequest request;
    private final boolean keepAlive;
    private final boolean bodyDeclared;
    private @Nullable InboundBody body;
    private @Nullable CallIdHeaders callId;
    private @Nullable Disposable call;
    private @Nullable CallerResponse response;
    private boolean requestEnded;
    private boolean headersSent;
    private boolean answered;
    private boolean closed;
    private boolean continued;
    private boolean closing;

    FunctionExchange(
            FunctionProxy proxy, ExchangeConnection connection, ChannelHandlerContext ctx, HttpRequest request) {
        this.proxy = proxy;
        this.connection = connection;
        this.ctx = ctx;
        this.request = request;
        this.keepAlive = HttpUtil.isKeepAlive(request);
        this.bodyDeclared = HttpUtil.getContentLength(request, 0L) > 0 || HttpUtil.isTransferEncodingChunked(request);
    }

    @Override
    public void start() {
        try {
            Optional<Invocation> invocation = invocation();
            if (invocation.isEmpty()) {
                answer(ProxyErrors.pageNotFound(ctx.alloc()));
                return;
            }
            call = proxy.invoker()
                    .invoke(invocation.get())
                    .subscribe(result -> onLoop(() -> relay(result)), error -> onLoop(() -> failed(error)));
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    private Optional<Invocation> invocation() {
        String uri = request.uri();
        int query = uri.indexOf('?');
        int prefix = FunctionProxy.PREFIX.length();
        String rawPath = query < 0 ? uri.substring(prefix) : uri.substring(prefix, query);
        Optional<FunctionPath> target = FunctionPath.parse(rawPath, proxy.defaultNamespace());
        if (target.isEmpty()) {
            return Optional.empty();
        }
        HttpHeaders forwarded = HopByHopHeaders.forRequest(request.headers());
        callId = CallIdHeaders.stamp(forwarded);
        ForwardedHeaders.apply(
                forwarded,
                request.headers().get(HttpHeaderNames.HOST),
                ctx.channel().remoteAddress() instanceof InetSocketAddress client ? client : null,
                proxy.version().userAgent());
        if (bodyDeclared) {
            body = new InboundBody(this);
        }
        FunctionPath path = target.get();
        return Optional.of(new Invocation(
                path.name(),
                path.namespace(),
                org.springframework.http.HttpMethod.valueOf(request.method().name()),
                path.subPath(),
                query < 0 ? null : uri.substring(query + 1),
                forwarded,
                body != null ? body.flux() : Flux.empty(),
                bodyDeclared));
    }

    @Override
    public void received(HttpContent content) {
        requestEnded |= content instanceof LastHttpContent;
        if (body != null) {
            body.offer(content);
        } else {
            content.release();
        }
        if (requestEnded) {
            endIfDone();
        }
    }

    /** Read as its reader takes it, or dropped. */
    @Override
    public boolean wantsBody() {
        return !requestEnded && (body == null || body.wantsData());
    }

    @Override
    public void closeAfterAnswer() {
        closing = true;
    }

    private void relay(InvocationResult result) {
        if (closed) {
            result.discard();
            return;
        }
        HttpResponse head =
                ResponseHeaders.head(result, request, callId, proxy.version().servedBy(), keepAlive && !closing);
        boolean closeAfter = !HttpUtil.isKeepAlive(head);
        headersSent = true;
        ctx.write(head, ctx.voidPromise());
        response = new CallerResponse(this, ctx, ResponseHeaders.isStream(head.headers()), closeAfter);
        result.body().subscribe(response);
    }

    /** The invocation failed before its answer, or the request could not be read. */
    private void failed(Throwable error) {
        if (closed) {
            ProxyErrors.callerGone(error, request);
        } else if (headersSent) {
            responseFailed(error);
        } else {
            answer(ProxyErrors.answer(error, request, ctx.alloc()));
        }
    }

    private void answer(FullHttpResponse error) {
        // A request without a body has its end decoded with its head, so it ends right after.
        boolean persistent = keepAlive && (requestEnded || !bodyDeclared) && !closing;
        if (!persistent) {
            // A body still on its way is not read to its end: the connection goes with the answer.
            error.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        headersSent = true;
        ctx.writeAndFlush(error).addListener(written -> responseWritten(written, !persistent));
    }

    /** The answer's body failed after its headers were sent: the caller sees the connection cut. */
    void responseFailed(Throwable error) {
        ProxyErrors.cut(error, request);
        connection.closeNow(ctx);
    }

    /** The answer's last byte has been written, or could not be. */
    void responseWritten(Future<? super Void> written, boolean closeAfter) {
        if (!written.isSuccess() || closeAfter) {
            closed();
            connection.closeNow(ctx);
            return;
        }
        answered = true;
        endIfDone();
    }

    @Override
    public void writable() {
        if (response != null) {
            response.writable();
        }
    }

    /** The call fails with it. */
    @Override
    public void readFailed(Throwable cause) {
        if (body != null) {
            body.fail(cause);
            body = null;
        } else if (!headersSent) {
            failed(cause);
        }
    }

    @Override
    public void closed() {
        if (closed) {
            return;
        }
        closed = true;
        if (body != null) {
            body.fail(new IOException("the caller closed the connection"));
            body = null;
        }
        if (call != null) {
            call.dispose();
        }
        if (response != null) {
            response.cancel();
        }
    }

    private void endIfDone() {
        if (requestEnded && answered && !closed) {
            closed = true;
            if (body != null) {
                // Parts of a body its reader no longer takes (an answer before the whole request).
                body.fail(null);
            }
            connection.exchangeEnded(this, ctx);
        }
    }

    @Override
    public void onLoop(Runnable task) {
        Loops.run(ctx.executor(), task);
    }

    @Override
    public void demand() {
        if (!continued && HttpUtil.is100ContinueExpected(request)) {
            continued = true;
            ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
        }
        connection.readIfWanted(ctx);
    }

    @Override
    public void bodyCancelled() {
        // The function answered without reading all of it: the rest is read and dropped.
        body = null;
        connection.readIfWanted(ctx);
    }
}
