package dev.edgeway.storage.web;

import org.springframework.core.annotation.Order;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import org.springframework.web.util.DisconnectedClientHelper;
import reactor.core.publisher.Mono;

/**
 * Renders every failure under {@code /system/storage} (handler errors, unknown sub-routes, bad
 * methods, framework input errors) as problem JSON. It runs before the gateway's plain-text
 * OpenFaaS handler ({@code @Order(-2)}) and Spring Boot's JSON error handler ({@code -1}), and
 * leaves every other path to them.
 */
@Order(-3)
public final class StorageErrorHandler implements WebExceptionHandler {

    /** The prefix of every storage API path. */
    public static final String PREFIX = "/system/storage";

    private final StorageProblems problems;

    StorageErrorHandler(StorageProblems problems) {
        this.problems = problems;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        boolean ours = path.equals(PREFIX) || path.startsWith(PREFIX + "/");
        // A client that went away is left to the gateway's OpenFaasErrorHandler, which logs it at debug.
        if (!ours
                || exchange.getResponse().isCommitted()
                || DisconnectedClientHelper.isClientDisconnectedException(error)) {
            return Mono.error(error);
        }
        return problems.write(exchange, problems.from(error));
    }
}
