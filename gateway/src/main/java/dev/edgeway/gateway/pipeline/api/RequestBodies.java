package dev.edgeway.gateway.pipeline.api;

import dev.edgeway.gateway.pipeline.PipelineProblem;
import dev.edgeway.gateway.server.RequestBody;
import org.springframework.web.reactive.function.server.ServerRequest;
import reactor.core.publisher.Mono;

/** A whole request body, read by the gateway's one reader, a body over the limit a 413 problem. */
final class RequestBodies {

    private RequestBodies() {}

    static Mono<byte[]> read(ServerRequest request, String what, long limit) {
        return RequestBody.read(request, limit)
                .onErrorMap(RequestBody.TooLarge.class, e -> PipelineProblem.payloadTooLarge(what, e.limit()));
    }
}
