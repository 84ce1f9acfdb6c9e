package dev.edgeway.gateway.pipeline.api;

import dev.edgeway.gateway.pipeline.definition.PipelineDefinitions;
import dev.edgeway.storage.Blocking;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/** {@code GET /system/pipelines}: every pipeline by name, with its step count and revision. */
public final class ListPipelinesHandler {

    private final PipelineDefinitions definitions;

    public ListPipelinesHandler(PipelineDefinitions definitions) {
        this.definitions = definitions;
    }

    public Mono<ServerResponse> handle(ServerRequest request) {
        return Blocking.call(() -> definitions.list().stream()
                        .map(PipelineView.Summary::of)
                        .toList())
                .flatMap(list -> ServerResponse.ok()
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(list));
    }
}
