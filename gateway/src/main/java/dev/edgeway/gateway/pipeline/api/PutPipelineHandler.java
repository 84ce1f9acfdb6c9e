package dev.edgeway.gateway.pipeline.api;

import dev.edgeway.dag.parse.DagParser;
import dev.edgeway.gateway.pipeline.PipelineNames;
import dev.edgeway.gateway.pipeline.definition.PipelineDefinitions;
import dev.edgeway.storage.Blocking;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;
import reactor.core.publisher.Mono;

/**
 * {@code PUT /system/pipelines/{name}}: creates or replaces a pipeline from a YAML or JSON
 * definition (by {@code Content-Type}; without one, or with {@code text/plain}, a leading
 * <code>{</code> means JSON). Answers the chain, 201 when new and 200 when replaced; an invalid
 * definition answers 400 with every violation.
 */
public final class PutPipelineHandler {

    private static final List<MediaType> JSON_TYPES = List.of(MediaType.APPLICATION_JSON);
    private static final List<MediaType> YAML_TYPES = List.of(
            MediaType.APPLICATION_YAML,
            MediaType.parseMediaType("application/x-yaml"),
            MediaType.parseMediaType("text/yaml"),
            MediaType.parseMediaType("text/x-yaml"));

    private final PipelineDefinitions definitions;
    private final long maxDefinitionSize;

    public PutPipelineHandler(PipelineDefinitions definitions, long maxDefinitionSize) {
        this.definitions = definitions;
        this.maxDefinitionSize = maxDefinitionSize;
    }

    public Mono<ServerResponse> handle(ServerRequest request) {
        String name = PipelineNames.requireName(request.pathVariable("name"));
        MediaType type = request.headers().contentType().orElse(null);
        return RequestBodies.read(request, "definition", maxDefinitionSize)
                .flatMap(body -> {
                    String text = new String(body, StandardCharsets.UTF_8);
                    DagParser.Format format = format(type, text);
                    return Blocking.call(() -> definitions.save(name, text, format));
                })
                .flatMap(saved -> {
                    PipelineView view = PipelineView.chainOf(saved.pipeline());
                    if (saved.created()) {
                        return ServerResponse.status(HttpStatus.CREATED)
                                .location(URI.create("/system/pipelines/" + name))
                                .contentType(MediaType.APPLICATION_JSON)
                                .bodyValue(view);
                    }
                    return ServerResponse.ok()
                            .contentType(MediaType.APPLICATION_JSON)
                            .bodyValue(view);
                });
    }

    private static DagParser.Format format(@Nullable MediaType type, String text) {
        if (type == null || type.isCompatibleWith(MediaType.TEXT_PLAIN) || type.isWildcardType()) {
            return DagParser.Format.detect(text);
        }
        if (JSON_TYPES.stream().anyMatch(type::isCompatibleWith)
                || type.getSubtype().toLowerCase(Locale.ROOT).endsWith("+json")) {
            return DagParser.Format.JSON;
        }
        if (YAML_TYPES.stream().anyMatch(type::isCompatibleWith)) {
            return DagParser.Format.YAML;
        }
        throw new UnsupportedMediaTypeStatusException(type, supported());
    }

    private static List<MediaType> supported() {
        return List.of(
                MediaType.APPLICATION_YAML,
                MediaType.parseMediaType("text/yaml"),
                MediaType.APPLICATION_JSON,
                MediaType.TEXT_PLAIN);
    }
}
