package dev.edgeway.gateway.async;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.edgeway.gateway.proxy.CallIdHeaders;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One accepted call as it waits in the queue, with OpenFaaS's wire names (faas-provider's
 * {@code QueueRequest}, PascalCase). {@code Body} is base64 as Go's {@code []byte};
 * {@code CallbackUrl} is the URL as text (Go serialises a {@code url.URL} object), and
 * {@code Environment} holds only what the worker needs ({@code max_inflight}).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record QueueRequest(
        @JsonProperty("Header") Map<String, List<String>> header,
        @JsonProperty("Host") String host,
        @JsonProperty("Body") byte[] body,
        @JsonProperty("Method") String method,
        @JsonProperty("Path") String path,
        @JsonProperty("QueryString") String queryString,
        @JsonProperty("Function") String function,
        @JsonProperty("QueueName") String queueName,
        @JsonProperty("Annotations") Map<String, String> annotations,
        @JsonProperty("Environment") Map<String, String> environment,
        @JsonProperty("CallbackUrl") @Nullable String callbackUrl) {

    public QueueRequest {
        Objects.requireNonNull(function, "function");
        header = header == null ? Map.of() : Map.copyOf(header);
        host = host == null ? "" : host;
        body = body == null ? new byte[0] : body;
        method = method == null ? "POST" : method;
        path = path == null ? "" : path;
        queryString = queryString == null ? "" : queryString;
        queueName = queueName == null ? "" : queueName;
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
        environment = environment == null ? Map.of() : Map.copyOf(environment);
    }

    /** The call id the gateway stamped at accept time. */
    String callId() {
        List<String> values = header.get(CallIdHeaders.CALL_ID);
        return values == null || values.isEmpty() ? "" : values.getFirst();
    }
}
