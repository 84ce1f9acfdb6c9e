package dev.edgeway.storage.web;

import java.util.Arrays;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.util.StringUtils;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * Reads request bodies whole, up to a limit: a body above it is refused with 413 as soon as
 * its {@code Content-Length} or its bytes pass the limit, before it is buffered. The codecs'
 * in-memory limit does not apply, so values up to the configured maximum fit. Each network
 * buffer is copied into the one array and released at once, so a body is held once on the
 * heap, not a second time in the server's buffers; and it is read only once the
 * {@link LargeBodyGate} has admitted it.
 */
final class RequestBodies {

    private RequestBodies() {}

    /**
     * Reads the body once the gate admits {@code heapFactor} times its size (the copies the caller
     * makes of it included), and holds that admission until the response {@code use} makes of it
     * has been written ({@link WrittenThen}).
     */
    static Mono<ServerResponse> readAdmitted(
            ServerRequest request,
            long limit,
            LargeBodyGate gate,
            int heapFactor,
            Function<byte[], Mono<ServerResponse>> use) {
        return Mono.defer(() -> {
            long size = request.headers().contentLength().orElse(limit);
            long heap = Math.min(size, limit) * heapFactor;
            if (!gate.fits(heap)) {
                return Mono.error(tooLargeForHeap(size, heapFactor, gate));
            }
            if (gate.unmetered(heap) && request.headers().contentLength().isPresent()) {
                // A small body of announced length (read() holds it to that length): no permit to hold.
                return read(request, limit).flatMap(use);
            }
            LargeBodyGate.Permit permit = gate.admit(heap, "request body");
            return read(request, limit)
                    .flatMap(use)
                    .<ServerResponse>map(response -> new WrittenThen(response, permit::close))
                    .doOnError(e -> permit.close())
                    .doOnCancel(permit::close);
        });
    }

    static Mono<byte[]> read(ServerRequest request, long limit) {
        OptionalLong length = request.headers().contentLength();
        if (length.isPresent() && length.getAsLong() > limit) {
            return Mono.error(tooLarge(length.getAsLong() + " bytes", limit));
        }
        return request.body(BodyExtractors.toDataBuffers())
                .collect(() -> new BodyBytes(length.orElse(-1), limit), BodyBytes::append)
                .map(BodyBytes::bytes)
                .doOnDiscard(DataBuffer.class, DataBufferUtils::release);
    }

    /** The bytes of a body as they arrive, in an array of the announced length when there is one. */
    private static final class BodyBytes {

        private final long limit;
        private byte[] bytes;
        private int size;

        BodyBytes(long length, long limit) {
            this.limit = limit;
            this.bytes = new byte[(int) Math.max(0, Math.min(length, limit))];
        }

        void append(DataBuffer buffer) {
            try {
                int count = buffer.readableByteCount();
                if ((long) size + count > limit) {
                    throw tooLarge("more than " + limit + " bytes", limit);
                }
                if (size + count > bytes.length) {
                    bytes = Arrays.copyOf(bytes, (int) Math.min(limit, Math.max(size + count, 2L * bytes.length)));
                }
                buffer.read(bytes, size, count);
                size += count;
            } finally {
                DataBufferUtils.release(buffer);
            }
        }

        byte[] bytes() {
            return size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
        }
    }

    private static StorageRequestException tooLarge(String size, long limit) {
        return new StorageRequestException(
                ProblemType.PAYLOAD_TOO_LARGE,
                "request body: " + size + " (expected: at most " + limit + " bytes)",
                Map.of("max_size", limit));
    }

    private static StorageRequestException tooLargeForHeap(long size, int heapFactor, LargeBodyGate gate) {
        long max = gate.budget() / heapFactor;
        return new StorageRequestException(
                ProblemType.PAYLOAD_TOO_LARGE,
                "request body: " + size + " bytes (expected: at most " + max + " bytes, what this gateway's heap holds"
                        + " of such a body at once; send a value as application/octet-stream, or raise -Xmx or"
                        + " edgeway.storage.large-body-memory)",
                Map.of("max_size", max));
    }

    /**
     * The request's media type: JSON when it sends none, or sends the form type {@code curl -d}
     * sets by default (the API takes no forms, and {@code /system/functions} accepts such JSON
     * too); 400 when it is not a media type at all.
     */
    static MediaType contentType(ServerRequest request) {
        return contentType(request.headers().firstHeader(HttpHeaders.CONTENT_TYPE));
    }

    /** The same, from the first {@code Content-Type} header's value (null when absent). */
    static MediaType contentType(@Nullable String header) {
        try {
            MediaType type =
                    StringUtils.hasLength(header) ? MediaType.parseMediaType(header) : MediaType.APPLICATION_JSON;
            return MediaType.APPLICATION_FORM_URLENCODED.equalsTypeAndSubtype(type) ? MediaType.APPLICATION_JSON : type;
        } catch (InvalidMediaTypeException e) {
            throw new StorageRequestException(
                    ProblemType.INVALID_REQUEST,
                    "Content-Type: " + e.getMediaType() + " (expected: a media type such as application/json)");
        }
    }

    /** Refuses anything but JSON with 415. */
    static void requireJson(ServerRequest request) {
        requireJson(contentType(request));
    }

    static void requireJson(MediaType type) {
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
