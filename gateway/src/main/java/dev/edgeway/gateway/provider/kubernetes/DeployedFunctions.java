package dev.edgeway.gateway.provider.kubernetes;

import dev.edgeway.gateway.provider.FunctionStatus;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Reads a function back from its Deployment, as faas-netes' {@code AsFunctionStatus} does: the
 * pod template's labels and annotations, the first container's image, environment and
 * resources, the projected secrets. Ready replicas are the function's ready endpoints, the
 * addresses the gateway can actually send a call to.
 */
final class DeployedFunctions {

    private DeployedFunctions() {}

    static FunctionStatus status(Deployment deployment, long readyEndpoints) {
        ObjectMeta template = deployment.getSpec().getTemplate().getMetadata();
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        Container container = pod.getContainers().getFirst();
        Map<String, String> env = new LinkedHashMap<>();
        String envProcess = null;
        for (EnvVar variable : orEmpty(container.getEnv())) {
            if (FunctionManifests.ENV_PROCESS.equals(variable.getName())) {
                envProcess = variable.getValue();
            } else if (variable.getValue() != null) {
                env.put(variable.getName(), variable.getValue());
            }
        }
        var resources = container.getResources();
        var security = container.getSecurityContext();
        return new FunctionStatus(
                deployment.getMetadata().getName(),
                container.getImage(),
                deployment.getMetadata().getNamespace(),
                envProcess,
                env,
                constraints(pod.getNodeSelector()),
                secrets(pod),
                template == null ? Map.of() : template.getLabels(),
                template == null ? Map.of() : template.getAnnotations(),
                resources == null ? null : Resources.wire(resources.getLimits()),
                resources == null ? null : Resources.wire(resources.getRequests()),
                security != null && Boolean.TRUE.equals(security.getReadOnlyRootFilesystem()),
                0,
                deployment.getSpec().getReplicas() == null
                        ? 1
                        : deployment.getSpec().getReplicas(),
                readyEndpoints,
                createdAt(deployment.getMetadata().getCreationTimestamp()),
                null,
                null);
    }

    private static List<String> constraints(@Nullable Map<String, String> nodeSelector) {
        if (nodeSelector == null) {
            return List.of();
        }
        return nodeSelector.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .toList();
    }

    private static List<String> secrets(PodSpec pod) {
        return orEmpty(pod.getVolumes()).stream()
                .map(Volume::getProjected)
                .filter(Objects::nonNull)
                .flatMap(projected -> orEmpty(projected.getSources()).stream())
                .filter(source -> source.getSecret() != null)
                .map(source -> source.getSecret().getName())
                .toList();
    }

    private static Instant createdAt(@Nullable String timestamp) {
        if (timestamp == null) {
            return FunctionStatus.UNKNOWN_CREATION;
        }
        try {
            return Instant.parse(timestamp);
        } catch (DateTimeParseException e) {
            return FunctionStatus.UNKNOWN_CREATION;
        }
    }

    private static <T> List<T> orEmpty(@Nullable List<T> list) {
        return list == null ? List.of() : list;
    }
}
