package dev.edgeway.gateway.pipeline.api;

import dev.edgeway.storage.web.ProblemResponses;
import org.springframework.web.reactive.function.server.HandlerFilterFunction;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * The error filter of the pipelines' route groups ({@code /system/pipelines/**} and
 * {@code /pipeline/**}): every failure of their routes (handler errors, unknown sub-paths, bad
 * methods, framework input errors) as problem JSON. The route tables apply it, so the dialect
 * follows the route that matched, whatever the spelling of its path.
 */
public final class PipelineErrorHandler implements HandlerFilterFunction<ServerResponse, ServerResponse> {

    private final HandlerFilterFunction<ServerResponse, ServerResponse> answering;

    public PipelineErrorHandler(PipelineProblems problems) {
        this.answering = ProblemResponses.answering(problems::respond);
    }

    @Override
    public Mono<ServerResponse> filter(ServerRequest request, HandlerFunction<ServerResponse> next) {
        return answering.filter(request, next);
    }
}
