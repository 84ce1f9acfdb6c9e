package dev.edgeway.kafka.routing;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A trigger message: {@code {"function_name", "namespace", "payload", "headers"}} and Edgeway's
 * additions ({@code pipeline}, {@code reply_to}, {@code method}, {@code path}, {@code query},
 * {@code payload_base64}). Read by {@link EnvelopeParser}; nothing in it is ever evaluated.
 *
 * @param function the function to call, or null when the envelope names a pipeline
 * @param pipeline the pipeline to run, or null when it names a function
 * @param namespace the function's namespace, or null for the gateway's default
 * @param body the payload as the function receives it
 * @param headers request headers, hop-by-hop and gateway-internal ones removed
 * @param replyTo the topic the response goes to, or null for none
 */
public record Envelope(
        @Nullable String function,
        @Nullable String pipeline,
        @Nullable String namespace,
        String method,
        String path,
        @Nullable String query,
        byte[] body,
        Map<String, List<String>> headers,
        @Nullable String replyTo) {

    public Envelope {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(body, "body");
        headers = Map.copyOf(headers);
        if ((function == null) == (pipeline == null)) {
            throw new IllegalArgumentException(
                    "exactly one of function and pipeline (got: " + function + ", " + pipeline + ")");
        }
    }
}
