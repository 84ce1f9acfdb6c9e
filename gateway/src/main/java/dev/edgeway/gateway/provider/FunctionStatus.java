package dev.edgeway.gateway.provider;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A deployed function as {@code GET /system/function/{name}} shows it. Omission rules follow
 * faas-provider's Go {@code omitempty}: counts are absent when zero, {@code labels} and
 * {@code annotations} are always objects and {@code createdAt} is always present.
 * {@code edgewayUsage} is an Edgeway addition ({@link MeasuredUsage}), absent from other
 * providers' answers.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonIgnoreProperties(ignoreUnknown = true)
public record FunctionStatus(
        String name,
        String image,
        @Nullable String namespace,
        @Nullable String envProcess,
        Map<String, String> envVars,
        List<String> constraints,
        List<String> secrets,
        @JsonInclude(JsonInclude.Include.ALWAYS) Map<String, String> labels,
        @JsonInclude(JsonInclude.Include.ALWAYS) Map<String, String> annotations,
        @Nullable FunctionResources limits,
        @Nullable FunctionResources requests,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean readOnlyRootFilesystem,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) double invocationCount,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) long replicas,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) long availableReplicas,
        @JsonInclude(JsonInclude.Include.ALWAYS) Instant createdAt,
        @Nullable FunctionUsage usage,
        @Nullable MeasuredUsage edgewayUsage) {

    /** Go's zero time, which faas-provider sends when a creation time is unknown. */
    public static final Instant UNKNOWN_CREATION = Instant.parse("0001-01-01T00:00:00Z");

    public FunctionStatus {
        name = name == null ? "" : name;
        image = image == null ? "" : image;
        envVars = envVars == null ? Map.of() : Map.copyOf(envVars);
        constraints = constraints == null ? List.of() : List.copyOf(constraints);
        secrets = secrets == null ? List.of() : List.copyOf(secrets);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
        createdAt = createdAt == null ? UNKNOWN_CREATION : createdAt;
    }

    /** The status of a deployment with the given replica counts and creation time. */
    public static FunctionStatus of(FunctionDeployment d, long replicas, long available, Instant createdAt) {
        return new FunctionStatus(
                d.service(),
                d.image(),
                d.namespace(),
                d.envProcess(),
                d.envVars(),
                d.constraints(),
                d.secrets(),
                d.labels(),
                d.annotations(),
                d.limits(),
                d.requests(),
                d.readOnlyRootFilesystem(),
                0,
                replicas,
                available,
                createdAt,
                null,
                null);
    }

    /** This status with the gateway's invocation count filled in, as the list endpoint shows it. */
    public FunctionStatus withInvocationCount(double count) {
        return new FunctionStatus(
                name,
                image,
                namespace,
                envProcess,
                envVars,
                constraints,
                secrets,
                labels,
                annotations,
                limits,
                requests,
                readOnlyRootFilesystem,
                count,
                replicas,
                availableReplicas,
                createdAt,
                usage,
                edgewayUsage);
    }

    /** This status with what the provider measured: faas-provider's {@code usage} and Edgeway's own fields. */
    public FunctionStatus withUsage(@Nullable FunctionUsage usage, @Nullable MeasuredUsage edgewayUsage) {
        return new FunctionStatus(
                name,
                image,
                namespace,
                envProcess,
                envVars,
                constraints,
                secrets,
                labels,
                annotations,
                limits,
                requests,
                readOnlyRootFilesystem,
                invocationCount,
                replicas,
                availableReplicas,
                createdAt,
                usage,
                edgewayUsage);
    }

    /** A label read as a whole number, or the fallback when absent or not a number. */
    public long longLabel(String key, long fallback) {
        String value = labels.get(key);
        if (value == null) {
            return fallback;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
