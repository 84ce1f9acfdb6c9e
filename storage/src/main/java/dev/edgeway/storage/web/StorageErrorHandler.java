package dev.edgeway.storage.web;

import org.springframework.core.annotation.Order;
import org.springframework.http.server.PathContainer;
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
        String path = routedPath(exchange.getRequest().getPath().pathWithinApplication());
        boolean ours = path.equals(PREFIX) || path.startsWith(PREFIX + "/");
        // A client that went away is left to the gateway's OpenFaasErrorHandler, which logs it at debug.
        if (!ours
                || exchange.getResponse().isCommitted()
                || DisconnectedClientHelper.isClientDisconnectedException(error)) {
            return Mono.error(error);
        }
        return problems.write(exchange, problems.from(error));
    }

    /**
     * The path as the router matched it: segments decoded, {@code ;} parameters set aside. So
     * {@code /%73ystem/storage/...}, which the routes serve, is answered here too.
     */
    private static String routedPath(PathContainer path) {
        StringBuilder routed = new StringBuilder(path.value().length());
        for (PathContainer.Element element : path.elements()) {
            routed.append(
                    element instanceof PathContainer.PathSegment segment ? segment.valueToMatch() : element.value());
        }
        return routed.toString();
    }
}
