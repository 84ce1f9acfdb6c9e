package dev.edgeway.gateway.system;

import dev.edgeway.gateway.provider.ProviderException;
import dev.edgeway.gateway.server.RequestBody;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the JSON body of a {@code /system} request (through the gateway's one body reader,
 * {@link RequestBody}) whatever its {@code Content-Type}, as the
 * OpenFaaS gateway does ({@code curl -d} sends form encoding), so the header is never parsed
 * and a malformed one cannot fail the request. A missing, {@code null} or malformed body is a
 * 400 that says what is wrong, a body over {@link #MAX_BODY} a 413.
 */
@Component
public class RequestBodies {

    /** The largest body read, the codecs' default in-memory limit that applied before. */
    static final int MAX_BODY = 256 * 1024;

    private final JsonMapper json;

    public RequestBodies(JsonMapper json) {
        this.json = json;
    }

    <T> Mono<T> required(ServerRequest request, Class<T> type) {
        return RequestBody.read(request, MAX_BODY)
                .onErrorMap(RequestBody.TooLarge.class, e -> tooLarge())
                .map(bytes -> new String(bytes, StandardCharsets.UTF_8))
                .filter(body -> !body.isBlank())
                .switchIfEmpty(Mono.error(() -> ProviderException.badRequest("A body is required for this endpoint")))
                .map(body -> parse(body, type));
    }

    private <T> T parse(String body, Class<T> type) {
        T value;
        try {
            value = json.readValue(body, type);
        } catch (JacksonException e) {
            throw ProviderException.badRequest("Unable to parse request body: " + JsonBodyErrors.describe(e));
        }
        if (value == null) {
            throw ProviderException.badRequest("Unable to parse request body: null (expected: a JSON object)");
        }
        return value;
    }

    private static ProviderException tooLarge() {
        return new ProviderException(
                HttpStatus.CONTENT_TOO_LARGE,
                "request body: more than " + MAX_BODY + " bytes (expected: at most " + MAX_BODY + " bytes)");
    }
}
