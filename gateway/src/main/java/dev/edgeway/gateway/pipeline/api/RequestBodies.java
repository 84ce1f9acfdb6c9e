package dev.edgeway.gateway.pipeline.api;

import dev.edgeway.gateway.pipeline.PipelineProblem;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.server.ServerRequest;
import reactor.core.publisher.Mono;

/** Reads a whole request body, refusing one larger than a limit with a 413 problem. */
final class RequestBodies {

    private RequestBodies() {}

    static Mono<byte[]> read(ServerRequest request, String what, long limit) {
        int max = (int) Math.min(limit, Integer.MAX_VALUE - 8);
        return DataBufferUtils.join(request.body(BodyExtractors.toDataBuffers()), max)
                .map(buffer -> {
                    try {
                        byte[] bytes = new byte[buffer.readableByteCount()];
                        buffer.read(bytes);
                        return bytes;
                    } finally {
                        DataBufferUtils.release(buffer);
                    }
                })
                .defaultIfEmpty(new byte[0])
                .onErrorMap(DataBufferLimitException.class, e -> PipelineProblem.payloadTooLarge(what, max));
    }
}
