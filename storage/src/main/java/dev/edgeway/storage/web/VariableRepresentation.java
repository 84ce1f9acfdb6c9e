package dev.edgeway.storage.web;

import dev.edgeway.storage.variable.ValueFormat;
import dev.edgeway.storage.variable.Variable;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A variable as a response: JSON ({@code {"task_id", "var_name", "var_type", "value",
 * "format", "timestamp", "expires_at"}}, with the stored JSON text spliced in as it is, and
 * binary values in base64) or, when the client asks for {@code application/octet-stream}, the
 * stored bytes alone. Either way the revision is the {@code ETag}. Built without a web framework
 * ({@link #of}), so the WebFlux route and the gateway's Netty path answer alike.
 *
 * @param headers the content type, length, {@code ETag} and the variable's own headers
 * @param body the body in buffers of {@link #CHUNK} bytes or less, made as they are taken
 */
record VariableRepresentation(HttpHeaders headers, Iterable<ByteBuffer> body) {

    static final String VAR_TYPE_HEADER = "X-Var-Type";
    static final String EXPIRES_AT_HEADER = "X-Expires-At";

    /**
     * The size of the buffers a value is answered in: the server copies each into a buffer of its
     * own before it goes out, so one buffer of the whole value would be held twice.
     */
    private static final int CHUNK = 48 * 1024;

    /**
     * Whether the client prefers the raw bytes, from its {@code Accept} header (null when it sent
     * none); 406 when it accepts neither form, 400 when the header does not parse.
     */
    static boolean wantsBinary(@Nullable String acceptHeader) {
        List<MediaType> accept = accept(acceptHeader);
        if (accept.isEmpty()) {
            return false;
        }
        double json = 0;
        double binary = 0;
        for (MediaType type : accept) {
            double quality = type.getQualityValue();
            if (type.includes(MediaType.APPLICATION_JSON)) {
                json = Math.max(json, quality);
            }
            if (type.getType().equals("application") && type.getSubtype().equals("octet-stream")) {
                binary = Math.max(binary, quality);
            }
        }
        if (json == 0 && binary == 0) {
            throw new StorageRequestException(
                    ProblemType.NOT_ACCEPTABLE,
                    "Accept: " + acceptHeader + " (expected: application/json or application/octet-stream)");
        }
        return binary > json || (binary > 0 && binary == json && !explicitlyJson(accept));
    }

    private static List<MediaType> accept(@Nullable String header) {
        if (header == null || header.isBlank()) {
            return List.of();
        }
        try {
            return MediaType.parseMediaTypes(header);
        } catch (InvalidMediaTypeException e) {
            throw new StorageRequestException(
                    ProblemType.INVALID_REQUEST,
                    "Accept: " + e.getMediaType() + " (expected: media types such as application/json)");
        }
    }

    private static boolean explicitlyJson(List<MediaType> accept) {
        return accept.stream()
                .anyMatch(type -> type.isCompatibleWith(MediaType.APPLICATION_JSON)
                        && !type.isWildcardType()
                        && !type.isWildcardSubtype());
    }

    /** The variable as the raw bytes ({@code binary}) or as JSON. */
    static VariableRepresentation of(Variable variable, boolean binary) {
        HttpHeaders headers = new HttpHeaders();
        headers.setETag(Conditions.etag(variable.revision()));
        if (binary) {
            headers.setContentType(MediaType.APPLICATION_OCTET_STREAM);
            headers.setContentLength(variable.value().length);
            headers.set(VAR_TYPE_HEADER, variable.type());
            if (variable.expiresAt() != null) {
                headers.set(EXPIRES_AT_HEADER, variable.expiresAt().toString());
            }
            return new VariableRepresentation(headers, () -> chunks(variable.value(), false, null, null));
        }
        String head = "{\"task_id\":" + quote(variable.taskId().value())
                + ",\"var_name\":" + quote(variable.name().value())
                + ",\"var_type\":" + quote(variable.type())
                + ",\"value\":";
        boolean base64 = variable.format() == ValueFormat.BINARY;
        long valueLength = base64 ? 4 * ((variable.value().length + 2L) / 3) : variable.value().length;
        String tail = ",\"format\":" + quote(variable.format().name().toLowerCase())
                + ",\"timestamp\":" + quote(variable.timestamp().toString())
                + (variable.expiresAt() == null
                        ? ""
                        : ",\"expires_at\":" + quote(variable.expiresAt().toString()))
                + "}";
        String quote = base64 ? "\"" : "";
        byte[] headBytes = (head + quote).getBytes(StandardCharsets.UTF_8);
        byte[] tailBytes = (quote + tail).getBytes(StandardCharsets.UTF_8);
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.setContentLength(headBytes.length + valueLength + tailBytes.length);
        return new VariableRepresentation(headers, () -> chunks(variable.value(), base64, headBytes, tailBytes));
    }

    /** This representation as a WebFlux response. */
    Mono<ServerResponse> response() {
        return ServerResponse.ok()
                .headers(h -> h.addAll(headers))
                .body(Flux.fromIterable(body).map(DefaultDataBufferFactory.sharedInstance::wrap), DataBuffer.class);
    }

    /**
     * The body: {@code head}, the value in buffers of {@link #CHUNK} bytes (in base64 when asked),
     * made as they are taken, then {@code tail}.
     */
    private static Iterator<ByteBuffer> chunks(
            byte[] value, boolean base64, byte @Nullable [] head, byte @Nullable [] tail) {
        int count = (value.length + CHUNK - 1) / CHUNK;
        return new Iterator<>() {
            private int next = head == null ? 0 : -1;

            @Override
            public boolean hasNext() {
                return next < count || (next == count && tail != null);
            }

            @Override
            public ByteBuffer next() {
                int i = next++;
                if (i < 0) {
                    return ByteBuffer.wrap(head);
                }
                if (i == count) {
                    return ByteBuffer.wrap(tail);
                }
                int offset = i * CHUNK; // a multiple of 3, so base64 chunks need no padding but the last
                ByteBuffer slice = ByteBuffer.wrap(value, offset, Math.min(CHUNK, value.length - offset));
                return base64 ? Base64.getEncoder().encode(slice) : slice;
            }
        };
    }

    private static String quote(String text) {
        return StorageJson.MAPPER.writeValueAsString(text);
    }
}
