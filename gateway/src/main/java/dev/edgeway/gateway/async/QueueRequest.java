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
 * {@code Environment} holds only what the worker needs ({@code max_inflight}). A body too large
 * for one NATS message is kept in the Object Store and named by {@code BodyObject} (Edgeway's).
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
        @JsonProperty("CallbackUrl") @Nullable String callbackUrl,
        @JsonProperty("BodyObject") @Nullable BodyObject bodyObject) {

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

    /**
     * Where a body too large for the message is kept.
     *
     * @param name the object's name in the queue's Object Store bucket
     * @param size the body's size in bytes
     */
    public record BodyObject(
            @JsonProperty("Name") String name,
            @JsonProperty("Size") long size) {

        public BodyObject {
            Objects.requireNonNull(name, "name");
        }
    }

    /** The call id the gateway stamped at accept time. */
    String callId() {
        List<String> values = header.get(CallIdHeaders.CALL_ID);
        return values == null || values.isEmpty() ? "" : values.getFirst();
    }

    /** The body's size, wherever it is kept. */
    long bodySize() {
        return bodyObject == null ? body.length : bodyObject.size();
    }

    /** The call with its body, once read from the Object Store; it still names the object. */
    QueueRequest withBody(byte[] loaded) {
        return new QueueRequest(
                header,
                host,
                loaded,
                method,
                path,
                queryString,
                function,
                queueName,
                annotations,
                environment,
                callbackUrl,
                bodyObject);
    }

    /** The call as it is stored: without the body when the body is kept in {@code object}. */
    QueueRequest storedIn(@Nullable BodyObject object) {
        return new QueueRequest(
                header,
                host,
                object == null ? body : new byte[0],
                method,
                path,
                queryString,
                function,
                queueName,
                annotations,
                environment,
                callbackUrl,
                object);
    }
}
