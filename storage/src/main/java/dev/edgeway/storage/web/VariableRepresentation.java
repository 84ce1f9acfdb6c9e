package dev.edgeway.storage.web;

import dev.edgeway.storage.variable.ValueFormat;
import dev.edgeway.storage.variable.Variable;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyInserters;
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

    static Mono<ServerResponse> binary(Variable variable) {
        ServerResponse.BodyBuilder builder = ServerResponse.ok()
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .contentLength(variable.value().length)
                .eTag(Conditions.etag(variable.revision()))
                .header(VAR_TYPE_HEADER, variable.type());
        if (variable.expiresAt() != null) {
            builder.header(EXPIRES_AT_HEADER, variable.expiresAt().toString());
        }
        return builder.body(BodyInserters.fromDataBuffers(Flux.just(wrap(variable.value()))));
    }

    static Mono<ServerResponse> json(Variable variable) {
        String head = "{\"task_id\":" + quote(variable.taskId().value())
                + ",\"var_name\":" + quote(variable.name().value())
                + ",\"var_type\":" + quote(variable.type())
                + ",\"value\":";
        byte[] value = variable.format() == ValueFormat.JSON
                ? variable.value()
                : ("\"" + Base64.getEncoder().encodeToString(variable.value()) + "\"")
                        .getBytes(StandardCharsets.US_ASCII);
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
                .contentLength((long) headBytes.length + value.length + tailBytes.length)
                .eTag(Conditions.etag(variable.revision()))
                .body(BodyInserters.fromDataBuffers(Flux.just(wrap(headBytes), wrap(value), wrap(tailBytes))));
    }

    private static DataBuffer wrap(byte[] bytes) {
        return DefaultDataBufferFactory.sharedInstance.wrap(bytes);
    }

    private static String quote(String text) {
        return StorageJson.MAPPER.writeValueAsString(text);
    }
}
