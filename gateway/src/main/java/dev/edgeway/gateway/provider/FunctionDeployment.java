package dev.edgeway.gateway.provider;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The body of {@code POST} and {@code PUT /system/functions}, with faas-provider's wire names.
 * Unknown fields are ignored and {@code null} maps are accepted, as Go's decoder does, so any
 * faas-cli version keeps working.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonFormat(with = JsonFormat.Feature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
public record FunctionDeployment(
        String service,
        String image,
        @Nullable String namespace,
        @Nullable String envProcess,
        Map<String, String> envVars,
        List<String> constraints,
        List<String> secrets,
        Map<String, String> labels,
        Map<String, String> annotations,
        @Nullable FunctionResources limits,
        @Nullable FunctionResources requests,
        boolean readOnlyRootFilesystem) {

    public FunctionDeployment {
        service = service == null ? "" : service;
        image = image == null ? "" : image;
        envVars = envVars == null ? Map.of() : Map.copyOf(envVars);
        constraints = constraints == null ? List.of() : List.copyOf(constraints);
        secrets = secrets == null ? List.of() : List.copyOf(secrets);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }

    /** This deployment in the given namespace. */
    public FunctionDeployment inNamespace(String ns) {
        return new FunctionDeployment(
                service,
                image,
                ns,
                envProcess,
                envVars,
                constraints,
                secrets,
                labels,
                annotations,
                limits,
                requests,
                readOnlyRootFilesystem);
    }
}
