package dev.edgeway.gateway.proxy;

import dev.edgeway.gateway.error.OpenFaasErrors;
import dev.edgeway.gateway.invoke.UpstreamException;
import dev.edgeway.gateway.provider.ProviderException;
import dev.edgeway.gateway.server.RequestReadTimeoutException;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The proxy's failures as the OpenFaaS gateway answers them: provider refusals with their
 * status and plain-text message, an unreachable or timed-out function as an empty 502. Once the
 * function's headers are on their way nothing can be answered any more, and the connection is
 * cut instead, so the caller never takes a truncated body for a complete one. A body cut at the
 * read timeout is the caller's 408; a caller that has gone is logged at debug only.
 */
final class ProxyErrors {

    private static final Logger log = LoggerFactory.getLogger(ProxyErrors.class);

    private ProxyErrors() {}

    static Mono<Void> write(HttpServerResponse response, Throwable error, HttpServerRequest request) {
        if (!clientConnected(response)) {
            // Routine (a client gave up, a load test ended): nothing can be answered, nothing failed here.
            log.debug("{} {}: the client went away: {}", request.method(), request.uri(), error.toString());
            return Mono.empty();
        }
        if (response.hasSentHeaders()) {
            return Mono.error(error);
        }
        Optional<RequestReadTimeoutException> readTimeout = RequestReadTimeoutException.causeOf(error);
        if (readTimeout.isPresent()) {
            // The body was cut at read_timeout while it was being forwarded: the caller was slow, not the function.
            return text(
                    response,
                    HttpResponseStatus.REQUEST_TIMEOUT.code(),
                    readTimeout.get().getReason());
        }
        return switch (error) {
            case ProviderException e -> text(response, e.status().value(), e.getMessage());
            case UpstreamException e -> {
                log.warn("{} {}: {}", request.method(), request.uri(), e.getMessage());
                yield response.status(HttpResponseStatus.BAD_GATEWAY).send();
            }
            default -> {
                log.error("{} {} failed", request.method(), request.uri(), error);
                yield text(response, 500, OpenFaasErrors.INTERNAL_ERROR);
            }
        };
    }

    private static boolean clientConnected(HttpServerResponse response) {
        boolean[] active = {true};
        response.withConnection(connection -> active[0] = connection.channel().isActive());
        return active[0];
    }

    static Mono<Void> pageNotFound(HttpServerResponse response) {
        return text(response, 404, OpenFaasErrors.PAGE_NOT_FOUND);
    }

    private static Mono<Void> text(HttpServerResponse response, int status, String message) {
        return response.status(status)
                .header(HttpHeaderNames.CONTENT_TYPE, OpenFaasErrors.TEXT_PLAIN_UTF8)
                .sendString(Mono.just(message))
                .then();
    }
}
