package dev.edgeway.storage.web;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.server.ServerRequest;
import reactor.core.publisher.Mono;

/**
 * Reads request bodies whole, up to a limit: a body above it is refused with 413 as soon as
 * its {@code Content-Length} or its bytes pass the limit, before it is buffered. The codecs'
 * in-memory limit does not apply, so values up to the configured maximum fit.
 */
final class RequestBodies {

    private RequestBodies() {}

    static Mono<byte[]> read(ServerRequest request, long limit) {
        OptionalLong length = request.headers().contentLength();
        if (length.isPresent() && length.getAsLong() > limit) {
            return Mono.error(tooLarge(length.getAsLong() + " bytes", limit));
        }
        int max = (int) Math.min(limit, Integer.MAX_VALUE - 16);
        return DataBufferUtils.join(request.body(BodyExtractors.toDataBuffers()), max)
                .map(RequestBodies::bytes)
                .defaultIfEmpty(new byte[0])
                .onErrorMap(DataBufferLimitException.class, e -> tooLarge("more than " + limit + " bytes", limit));
    }

    private static byte[] bytes(DataBuffer buffer) {
        try {
            byte[] bytes = new byte[buffer.readableByteCount()];
            buffer.read(bytes);
            return bytes;
        } finally {
            DataBufferUtils.release(buffer);
        }
    }

    private static StorageRequestException tooLarge(String size, long limit) {
        return new StorageRequestException(
                ProblemType.PAYLOAD_TOO_LARGE,
                "request body: " + size + " (expected: at most " + limit + " bytes)",
                Map.of("max_size", limit));
    }

    /** The request's media type: JSON when it sends none; 400 when it is not a media type at all. */
    static MediaType contentType(ServerRequest request) {
        try {
            return request.headers().contentType().orElse(MediaType.APPLICATION_JSON);
        } catch (InvalidMediaTypeException e) {
            throw new StorageRequestException(
                    ProblemType.INVALID_REQUEST,
                    "Content-Type: " + e.getMediaType() + " (expected: a media type such as application/json)");
        }
    }

    /** The media types the request accepts; 400 when {@code Accept} does not parse. */
    static List<MediaType> accept(ServerRequest request) {
        try {
            return request.headers().accept();
        } catch (InvalidMediaTypeException e) {
            throw new StorageRequestException(
                    ProblemType.INVALID_REQUEST,
                    "Accept: " + e.getMediaType() + " (expected: media types such as application/json)");
        }
    }

    /** Refuses anything but JSON with 415. */
    static void requireJson(ServerRequest request) {
        MediaType type = contentType(request);
        if (!isJson(type)) {
            throw new StorageRequestException(
                    ProblemType.UNSUPPORTED_MEDIA_TYPE, "Content-Type: " + type + " (expected: application/json)");
        }
    }

    static boolean isJson(MediaType type) {
        return MediaType.APPLICATION_JSON.isCompatibleWith(type)
                || "json".equals(type.getSubtypeSuffix()) && "application".equals(type.getType());
    }
}
