package dev.edgeway.gateway.async;

import org.jspecify.annotations.Nullable;
import org.springframework.web.reactive.function.server.ServerRequest;

/**
 * The {@code function} and {@code limit} query parameters of the dead-letter endpoints. A function
 * without a namespace means the default one.
 *
 * @param function {@code name.namespace}, or null for every function
 * @param limit how many letters at most
 */
record DeadLetterFilter(@Nullable String function, int limit) {

    static final int MAX_LIMIT = 1000;

    /** Reads the parameters; an {@link IllegalArgumentException} names a bad one. */
    static DeadLetterFilter from(ServerRequest request, String defaultNamespace, int defaultLimit) {
        String function =
                request.queryParam("function").filter(value -> !value.isBlank()).orElse(null);
        if (function != null && !function.contains(".")) {
            function = function + "." + defaultNamespace;
        }
        String limitText = request.queryParam("limit").orElse(Integer.toString(defaultLimit));
        int limit;
        try {
            limit = Integer.parseInt(limitText.strip());
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit: " + limitText + " (expected: 1 to " + MAX_LIMIT + ")");
        }
        return new DeadLetterFilter(function, limit);
    }
}
