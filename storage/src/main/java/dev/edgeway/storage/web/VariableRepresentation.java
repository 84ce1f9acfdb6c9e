package dev.edgeway.storage.web;

import dev.edgeway.storage.variable.ValueFormat;
import dev.edgeway.storage.variable.Variable;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A variable as a response: JSON ({@code {"task_id", "var_name", "var_type", "value",
 * "format", "timestamp", "expires_at"}}, with the stored JSON text spliced in as it is, and
 * binary values in base64) or, when the client asks for {@code application/octet-stream}, the
 * stored bytes alone. Either way the revision is the {@code ETag}.
 */
final class VariableRepresentation {

    static final String VAR_TYPE_HEADER = "X-Var-Type";
    static final String EXPIRES_AT_HEADER = "X-Expires-At";

    private VariableRepresentation() {}

    /** Whether the client prefers the raw bytes; 406 when it accepts neither form. */
    static boolean wantsBinary(ServerRequest request) {
        List<MediaType> accept = RequestBodies.accept(request);
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
                    "Accept: " + request.headers().firstHeader("Accept")
                            + " (expected: application/json or application/octet-stream)");
        }
        return binary > json || (binary > 0 && binary == json && !explicitlyJson(accept));
    }

    private static boolean explicitlyJson(List<MediaType> accept) {
        return accept.stream()
                .anyMatch(type -> type.isCompatibleWith(MediaType.APPLICATION_JSON)
                        && !type.isWildcardType()
                        && !type.isWildcardSubtype());
    }

    /**
     * The size of the buffers a value is answered in: the server copies each into a buffer of its
     * own before it goes out, so one buffer of the whole value would be held twice.
     */
    private static final int CHUNK = 48 * 1024;

    static Mono<ServerResponse> binary(Variable variable) {
        ServerResponse.BodyBuilder builder = ServerResponse.ok()
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .contentLength(variable.value().length)
                .eTag(Conditions.etag(variable.revision()))
                .header(VAR_TYPE_HEADER, variable.type());
        if (variable.expiresAt() != null) {
            builder.header(EXPIRES_AT_HEADER, variable.expiresAt().toString());
        }
        return builder.body(chunks(variable.value(), false), DataBuffer.class);
    }

    static Mono<ServerResponse> json(Variable variable) {
        String head = "{\"task_id\":" + quote(variable.taskId().value())
                + ",\"var_name\":" + quote(variable.name().value())
                + ",\"var_type\":" + quote(variable.type())
                + ",\"value\":";
        boolean base64 = variable.format() == ValueFormat.BINARY;
        long valueLength = base64 ? 2 + 4 * ((variable.value().length + 2L) / 3) : variable.value().length;
        String tail = ",\"format\":" + quote(variable.format().name().toLowerCase())
                + ",\"timestamp\":" + quote(variable.timestamp().toString())
                + (variable.expiresAt() == null
                        ? ""
                        : ",\"expires_at\":" + quote(variable.expiresAt().toString()))
                + "}";
        byte[] headBytes = head.getBytes(StandardCharsets.UTF_8);
        byte[] tailBytes = tail.getBytes(StandardCharsets.UTF_8);
        return ServerResponse.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .contentLength(headBytes.length + valueLength + tailBytes.length)
                .eTag(Conditions.etag(variable.revision()))
                .body(
                        Flux.concat(
                                Flux.just(wrap(headBytes, base64 ? "\"" : "")),
                                chunks(variable.value(), base64),
                                Flux.just(wrap(tailBytes, base64 ? "\"" : "", true))),
                        DataBuffer.class);
    }

    /** The value in buffers of {@link #CHUNK} bytes (in base64 when asked), made as they are sent. */
    private static Flux<DataBuffer> chunks(byte[] value, boolean base64) {
        int count = (value.length + CHUNK - 1) / CHUNK;
        return Flux.range(0, count).map(i -> {
            int offset = i * CHUNK; // a multiple of 3, so base64 chunks need no padding but the last
            ByteBuffer slice = ByteBuffer.wrap(value, offset, Math.min(CHUNK, value.length - offset));
            return DefaultDataBufferFactory.sharedInstance.wrap(
                    base64 ? Base64.getEncoder().encode(slice) : slice);
        });
    }

    private static DataBuffer wrap(byte[] bytes, String quote) {
        return wrap(bytes, quote, false);
    }

    /** The bytes, with a quote after them, or before them when {@code quoteFirst}. */
    private static DataBuffer wrap(byte[] bytes, String quote, boolean quoteFirst) {
        byte[] q = quote.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer buffer = ByteBuffer.allocate(bytes.length + q.length);
        if (quoteFirst) {
            buffer.put(q).put(bytes);
        } else {
            buffer.put(bytes).put(q);
        }
        return DefaultDataBufferFactory.sharedInstance.wrap(buffer.flip());
    }

    private static String quote(String text) {
        return StorageJson.MAPPER.writeValueAsString(text);
    }
}
