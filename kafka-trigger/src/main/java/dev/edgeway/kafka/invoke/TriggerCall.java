package dev.edgeway.kafka.invoke;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One call of a function made for a record.
 *
 * @param function the function's name, without namespace
 * @param namespace the function's namespace, or null for the gateway's default
 * @param method the HTTP method, upper case
 * @param path the path the function sees, starting with {@code /}
 * @param rawQuery the query string without {@code ?}, or null
 * @param headers request headers (hop-by-hop and gateway-internal ones already removed), without
 *     the call id
 * @param body the request body
 * @param callId the call id, derived from topic, partition and offset; the invoker sends it as
 *     the call's {@code X-Call-Id} (the gateway defines that header's name)
 */
public record TriggerCall(
        String function,
        @Nullable String namespace,
        String method,
        String path,
        @Nullable String rawQuery,
        Map<String, List<String>> headers,
        byte[] body,
        String callId) {

    public TriggerCall {
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(callId, "callId");
        headers = Map.copyOf(headers);
    }

    /** {@code name} or {@code name.namespace}, as log lines and dead-letter headers name the target. */
    public String target() {
        return namespace == null ? function : function + "." + namespace;
    }
}
