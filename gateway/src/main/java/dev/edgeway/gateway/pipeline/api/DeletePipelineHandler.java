package dev.edgeway.gateway.pipeline.api;

import dev.edgeway.gateway.pipeline.PipelineNames;
import dev.edgeway.gateway.pipeline.PipelineProblem;
import dev.edgeway.gateway.pipeline.definition.PipelineDefinitions;
import dev.edgeway.storage.Blocking;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/** {@code DELETE /system/pipelines/{name}}: 204, or 404 when there is no such pipeline. Its runs stay in the state store. */
public final class DeletePipelineHandler {

    private final PipelineDefinitions definitions;

    public DeletePipelineHandler(PipelineDefinitions definitions) {
        this.definitions = definitions;
    }

    public Mono<ServerResponse> handle(ServerRequest request) {
        String name = PipelineNames.requireName(request.pathVariable("name"));
        return Blocking.call(() -> definitions.delete(name)).flatMap(existed -> {
            if (!existed) {
                return Mono.error(PipelineProblem.pipelineNotFound(name));
            }
            return ServerResponse.noContent().build();
        });
    }
}
