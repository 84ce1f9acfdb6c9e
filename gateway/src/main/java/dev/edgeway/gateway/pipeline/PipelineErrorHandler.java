package dev.edgeway.gateway.pipeline;

import dev.edgeway.gateway.path.CanonicalPath;
import org.springframework.core.annotation.Order;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import org.springframework.web.util.DisconnectedClientHelper;
import reactor.core.publisher.Mono;

/**
 * Renders every failure under {@code /system/pipelines} and {@code /pipeline/} (handler errors,
 * unknown sub-paths, bad methods, framework input errors) as problem JSON. It runs before the
 * gateway's plain-text OpenFaaS handler ({@code @Order(-2)}), which leaves these paths alone,
 * and leaves every other path to the handlers after it.
 */
@Order(-3)
public final class PipelineErrorHandler implements WebExceptionHandler {

    static final String SYSTEM_PREFIX = "/system/pipelines";
    static final String RUN_PREFIX = "/pipeline/";

    private final PipelineProblems problems;

    PipelineErrorHandler(PipelineProblems problems) {
        this.problems = problems;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        // The decoded path the router matched, so every spelling of a pipelines path is ours.
        CanonicalPath path = CanonicalPath.of(exchange.getRequest().getPath());
        boolean ours = path.isWithin(SYSTEM_PREFIX) || path.value().startsWith(RUN_PREFIX);
        // A client that went away is left to the gateway's OpenFaasErrorHandler, which logs it at debug.
        if (!ours
                || exchange.getResponse().isCommitted()
                || DisconnectedClientHelper.isClientDisconnectedException(error)) {
            return Mono.error(error);
        }
        return problems.write(exchange, problems.from(error));
    }
}
