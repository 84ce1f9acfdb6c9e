package dev.edgeway.gateway.server;

import dev.edgeway.gateway.invoke.BodyBytes;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.server.ServerRequest;
import reactor.core.publisher.Mono;

/**
 * The one reader of a whole request body on the public port's WebFlux routes: the bytes, at most
 * a limit. A body over the limit fails with {@link TooLarge}, at once when its
 * {@code Content-Length} says so, else as soon as the limit is passed, so no more than the limit
 * is ever held; each route group answers it in its dialect (413 plain text on {@code /system}
 * and {@code /async-function}, a {@code payload-too-large} problem on the pipelines API). An
 * empty body is an empty array. ({@code /function} streams its body and never reads it whole.)
 */
public final class RequestBody {

    private RequestBody() {}

    /** A body larger than the route accepts. */
    public static final class TooLarge extends RuntimeException {

        private final long limit;

        TooLarge(long limit) {
            super(
                    "request body: larger than " + limit + " bytes (expected: at most " + limit + " bytes)",
                    null,
                    false,
                    false);
            this.limit = limit;
        }

        /** The most the route accepts, in bytes. */
        public long limit() {
            return limit;
        }
    }

    /** The whole body, or {@link TooLarge} when it has more than {@code limit} bytes. */
    public static Mono<byte[]> read(ServerRequest request, long limit) {
        // A join counts in ints; a limit beyond that is as good as none.
        int max = (int) Math.min(limit, Integer.MAX_VALUE - 8);
        if (request.headers().contentLength().orElse(0) > max) {
            return Mono.error(new TooLarge(max));
        }
        return BodyBytes.join(request.body(BodyExtractors.toDataBuffers()), max)
                .onErrorMap(DataBufferLimitException.class, e -> new TooLarge(max));
    }
}
