package dev.edgeway.gateway.invoke;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import org.reactivestreams.Subscription;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import reactor.core.publisher.BaseSubscriber;

/**
 * Writes an invocation's request on its connection: the head with the invocation's headers
 * copied in one pass, then the body buffer by buffer as the connection can take them (the
 * next is requested once the last was written and the socket is writable), so a large body
 * streams at the upstream's pace and never piles up in memory.
 */
final class UpstreamRequest extends BaseSubscriber<DataBuffer> {

    private final UpstreamCall call;
    private final Channel channel;
    private final Invocation invocation;
    private final HttpRequest head;
    private boolean parked;

    UpstreamRequest(UpstreamCall call, Channel channel, Invocation invocation, String target, String host) {
        this.call = call;
        this.channel = channel;
        this.invocation = invocation;
        this.head = head(invocation, target, host);
    }

    private static HttpRequest head(Invocation invocation, String target, String host) {
        HttpMethod method = HttpMethod.valueOf(invocation.method().name());
        HttpRequest request;
        if (invocation.headers() instanceof NettyBackedHeaders forwarded) {
            // Checked by the server's decoder when they arrived: not validated a second time.
            request = new DefaultHttpRequest(
                    HttpVersion.HTTP_1_1,
                    method,
                    target,
                    DefaultHttpHeadersFactory.headersFactory().withValidation(false));
            request.headers().add(forwarded.netty());
        } else {
            request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, method, target);
            invocation.headers().forEach((name, values) -> request.headers().set(name, values));
        }
        HttpHeaders headers = request.headers();
        if (!headers.contains(HttpHeaderNames.HOST)) {
            headers.set(HttpHeaderNames.HOST, host);
        }
        if (invocation.hasBody()) {
            if (!headers.contains(HttpHeaderNames.CONTENT_LENGTH)) {
                headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
            }
        } else if (!headers.contains(HttpHeaderNames.CONTENT_LENGTH) && permitsBody(method)) {
            headers.set(HttpHeaderNames.CONTENT_LENGTH, HttpHeaderValues.ZERO);
        }
        return request;
    }

    /** Methods whose requests are expected to carry content, so an empty one says its length (RFC 9110 §8.6). */
    private static boolean permitsBody(HttpMethod method) {
        return method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.PATCH;
    }

    void start() {
        if (!invocation.hasBody()) {
            channel.write(head).addListener(this::failed);
            channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(this::ended);
            return;
        }
        channel.write(head).addListener(this::failed);
        invocation.body().subscribe(this);
    }

    @Override
    protected void hookOnSubscribe(Subscription subscription) {
        request(1);
    }

    @Override
    protected void hookOnNext(DataBuffer buffer) {
        ByteBuf bytes = NettyDataBufferFactory.toByteBuf(buffer);
        channel.writeAndFlush(new DefaultHttpContent(bytes)).addListener((ChannelFuture written) -> {
            if (!written.isSuccess()) {
                call.requestFailed(this, written.cause());
            } else if (channel.isWritable()) {
                request(1);
            } else {
                parked = true;
            }
        });
    }

    /** The connection can take more: the next buffer is asked for if one was held back; on the loop. */
    void writable() {
        if (parked) {
            parked = false;
            request(1);
        }
    }

    @Override
    protected void hookOnComplete() {
        channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(this::ended);
    }

    @Override
    protected void hookOnError(Throwable error) {
        call.onLoop(() -> call.requestFailed(this, error));
    }

    private void failed(io.netty.util.concurrent.Future<? super Void> written) {
        if (!written.isSuccess()) {
            call.requestFailed(this, written.cause());
        }
    }

    private void ended(io.netty.util.concurrent.Future<? super Void> written) {
        if (written.isSuccess()) {
            call.requestWritten(this);
        } else {
            call.requestFailed(this, written.cause());
        }
    }
}
