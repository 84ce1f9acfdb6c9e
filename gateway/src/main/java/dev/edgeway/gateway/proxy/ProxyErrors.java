package dev.edgeway.gateway.proxy;

import dev.edgeway.gateway.error.OpenFaasErrors;
import dev.edgeway.gateway.invoke.UpstreamException;
import dev.edgeway.gateway.provider.ProviderException;
import dev.edgeway.gateway.server.RequestReadTimeoutException;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proxy's failures as the OpenFaaS gateway answers them: provider refusals with their
 * status and plain-text message, an unreachable or timed-out function as an empty 502, a body
 * cut at the read timeout as the caller's 408. Once the function's headers are on their way
 * nothing can be answered any more, and {@link FunctionExchange} cuts the connection instead,
 * so the caller never takes a truncated body for a complete one.
 */
final class ProxyErrors {

    private static final Logger log = LoggerFactory.getLogger(ProxyErrors.class);

    private ProxyErrors() {}

    /** The answer to {@code error}, logged as what it says about the gateway. */
    static FullHttpResponse answer(Throwable error, HttpRequest request, ByteBufAllocator allocator) {
        Optional<RequestReadTimeoutException> readTimeout = RequestReadTimeoutException.causeOf(error);
        if (readTimeout.isPresent()) {
            // The body was cut at read_timeout while it was being forwarded: the caller was slow, not the function.
            return text(
                    HttpResponseStatus.REQUEST_TIMEOUT.code(), readTimeout.get().getReason(), allocator);
        }
        return switch (error) {
            case ProviderException e -> text(e.status().value(), e.getMessage(), allocator);
            case UpstreamException e -> {
                log.warn("{} {}: {}", request.method(), request.uri(), e.getMessage());
                yield text(HttpResponseStatus.BAD_GATEWAY.code(), "", allocator);
            }
            default -> {
                log.error("{} {} failed", request.method(), request.uri(), error);
                yield text(500, OpenFaasErrors.INTERNAL_ERROR, allocator);
            }
        };
    }

    /** A body that failed after its headers were sent: the caller sees the connection cut. */
    static void cut(Throwable error, HttpRequest request) {
        log.warn("{} {}: the response was cut: {}", request.method(), request.uri(), error.toString());
    }

    /** Routine (a client gave up, a load test ended): nothing can be answered, nothing failed here. */
    static void callerGone(Throwable error, HttpRequest request) {
        log.debug("{} {}: the client went away: {}", request.method(), request.uri(), error.toString());
    }

    static FullHttpResponse pageNotFound(ByteBufAllocator allocator) {
        return text(404, OpenFaasErrors.PAGE_NOT_FOUND, allocator);
    }

    /** A plain-text answer, or an empty body when the message is empty (as 502 is). */
    private static FullHttpResponse text(int status, String message, ByteBufAllocator allocator) {
        FullHttpResponse response = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(status),
                message.isEmpty() ? Unpooled.EMPTY_BUFFER : ByteBufUtil.writeUtf8(allocator, message));
        if (!message.isEmpty()) {
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, OpenFaasErrors.TEXT_PLAIN_UTF8);
        }
        response.headers()
                .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
        return response;
    }
}
