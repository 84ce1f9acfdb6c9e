package dev.edgeway.gateway.system;

import dev.edgeway.gateway.provider.ProviderException;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the JSON body of a {@code /system} request whatever its {@code Content-Type}, as the
 * OpenFaaS gateway does ({@code curl -d} sends form encoding), answering a missing or malformed
 * body with a 400 that says what is wrong.
 */
@Component
public class RequestBodies {

    private final JsonMapper json;

    public RequestBodies(JsonMapper json) {
        this.json = json;
    }

    <T> Mono<T> required(ServerRequest request, Class<T> type) {
        return request.bodyToMono(String.class)
                .filter(body -> !body.isBlank())
                .switchIfEmpty(Mono.error(() -> ProviderException.badRequest("A body is required for this endpoint")))
                .map(body -> parse(body, type));
    }

    private <T> T parse(String body, Class<T> type) {
        try {
            return json.readValue(body, type);
        } catch (JacksonException e) {
            throw ProviderException.badRequest("Unable to parse request body: " + describe(e));
        }
    }

    /** Jackson's message without its source excerpt, plus where in the body the problem is. */
    private static String describe(JacksonException e) {
        String message = e.getOriginalMessage().replaceAll("\\s*\\(start marker at \\[Source:.*", "");
        var location = e.getLocation();
        return location == null || location.getLineNr() < 0
                ? message
                : message + " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }
}
