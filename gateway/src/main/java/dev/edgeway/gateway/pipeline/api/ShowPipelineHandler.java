package dev.edgeway.gateway.pipeline.api;

import dev.edgeway.gateway.pipeline.PipelineNames;
import dev.edgeway.gateway.pipeline.definition.PipelineDefinitions;
import dev.edgeway.storage.Blocking;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/** {@code GET /system/pipelines/{name}}: the definition as sent, its chain and explanation, and the Mermaid pictures. */
public final class ShowPipelineHandler {

    private final PipelineDefinitions definitions;

    public ShowPipelineHandler(PipelineDefinitions definitions) {
        this.definitions = definitions;
    }

    public Mono<ServerResponse> handle(ServerRequest request) {
        String name = PipelineNames.requireName(request.pathVariable("name"));
        return Blocking.call(() -> PipelineView.of(definitions.requireStored(name)))
                .flatMap(view -> ServerResponse.ok()
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(view));
    }
}
