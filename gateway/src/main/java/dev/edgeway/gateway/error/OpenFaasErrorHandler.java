package dev.edgeway.gateway.error;

import dev.edgeway.gateway.provider.ProviderException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.WebExceptionHandler;
import org.springframework.web.util.DisconnectedClientHelper;
import reactor.core.publisher.Mono;

/**
 * Turns every failure that no route group answered into OpenFaaS's plain-text answer: those of
 * the OpenFaaS routes and of paths no route matches. Provider refusals keep their status and
 * message, malformed input a 400 naming the problem, an unknown route {@code 404 page not
 * found}. ({@code /function} answers its own errors in the proxy; Edgeway's own APIs answer
 * theirs as problem JSON in their route groups' error filters, docs/errors.md.) Runs before
 * Spring Boot's JSON error handler, which so never answers. A client that went away, on any
 * path, is logged once at debug and not answered.
 */
@Order(-2)
public class OpenFaasErrorHandler implements WebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(OpenFaasErrorHandler.class);

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        if (DisconnectedClientHelper.isClientDisconnectedException(error)) {
            // Routine, on every path: nothing can be answered. Spring's HttpWebHandlerAdapter would
            // log it as "500 Server Error" with a stack trace while the response is uncommitted.
            log.debug(
                    "{} {}: the client went away: {}",
                    exchange.getRequest().getMethod(),
                    exchange.getRequest().getPath(),
                    error.toString());
            return Mono.empty();
        }
        if (exchange.getResponse().isCommitted()) {
            return Mono.error(error);
        }
        return switch (error) {
            case ProviderException e -> write(exchange, e.status(), e.getMessage());
            case MethodNotAllowedException e -> write(exchange, HttpStatus.METHOD_NOT_ALLOWED, "");
            case ServerWebInputException e -> write(exchange, HttpStatus.BAD_REQUEST, inputProblem(e));
            // The decoder's message names Java types; the caller learns only that the body is bad.
            case DecodingException e -> write(exchange, HttpStatus.BAD_REQUEST, "Unable to parse request body");
            case InvalidMediaTypeException e ->
                write(
                        exchange,
                        HttpStatus.BAD_REQUEST,
                        "Content-Type or Accept: " + e.getMediaType()
                                + " (expected: media types such as application/json)");
            case DataBufferLimitException e ->
                write(exchange, HttpStatus.CONTENT_TOO_LARGE, "request body: larger than the gateway accepts");
            case ResponseStatusException e
            when e.getStatusCode().value() == 404 -> write(exchange, e.getStatusCode(), OpenFaasErrors.PAGE_NOT_FOUND);
            case ResponseStatusException e -> write(exchange, e.getStatusCode(), reason(e));
            default -> {
                log.error(
                        "{} {} failed",
                        exchange.getRequest().getMethod(),
                        exchange.getRequest().getPath(),
                        error);
                yield write(exchange, HttpStatus.INTERNAL_SERVER_ERROR, OpenFaasErrors.INTERNAL_ERROR);
            }
        };
    }

    private static Mono<Void> write(ServerWebExchange exchange, HttpStatusCode status, String message) {
        return OpenFaasErrors.write(exchange.getResponse(), status, message);
    }

    /** Spring's reason ("Failed to read HTTP message"), never the cause's text, which names Java types. */
    private static String inputProblem(ServerWebInputException e) {
        return e.getReason() == null ? "Unable to parse request" : "Unable to parse request: " + e.getReason();
    }

    private static String reason(ResponseStatusException e) {
        return e.getReason() == null ? "" : e.getReason();
    }
}
