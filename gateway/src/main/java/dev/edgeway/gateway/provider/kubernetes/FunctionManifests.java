package dev.edgeway.gateway.provider.kubernetes;

import dev.edgeway.gateway.provider.FunctionDeployment;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.api.model.VolumeProjectionBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A function's Deployment and Service, shaped as faas-netes shapes them ({@code
 * pkg/handlers/deploy.go}), so tools that know faas-netes' objects find the same labels, ports,
 * probes and mounts: {@code faas_function} labels and selector, {@code com.openfaas.scale.min} as
 * the first replica count, the watchdog's port 8080 with {@code /_/health} probes, secrets
 * projected into {@code /var/openfaas/secrets}.
 */
final class FunctionManifests {

    static final String FUNCTION_LABEL = "faas_function";
    static final String ENV_PROCESS = "fprocess";
    static final String SECRETS_PATH = "/var/openfaas/secrets";
    static final int WATCHDOG_PORT = 8080;
    private static final String MIN_LABEL = "com.openfaas.scale.min";
    private static final String HEALTH_PATH = "/_/health";

    private final String imagePullPolicy;

    FunctionManifests(String imagePullPolicy) {
        this.imagePullPolicy = imagePullPolicy;
    }

    /** The function's Deployment; its quantities are checked ({@link Resources}) before anything is built. */
    Deployment deployment(FunctionDeployment function) {
        String name = function.service();
        Map<String, String> labels = new LinkedHashMap<>(function.labels());
        labels.put(FUNCTION_LABEL, name);
        Map<String, String> annotations = annotations(function);
        return new DeploymentBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(function.namespace())
                .withLabels(Map.of(FUNCTION_LABEL, name))
                .withAnnotations(annotations)
                .endMetadata()
                .withNewSpec()
                .withReplicas(initialReplicas(function))
                .withNewSelector()
                .withMatchLabels(Map.of(FUNCTION_LABEL, name))
                .endSelector()
                .withRevisionHistoryLimit(10)
                .withNewStrategy()
                .withType("RollingUpdate")
                .withNewRollingUpdate()
                .withMaxUnavailable(new IntOrString(0))
                .withMaxSurge(new IntOrString(1))
                .endRollingUpdate()
                .endStrategy()
                .withNewTemplate()
                .withNewMetadata()
                .withName(name)
                .withLabels(labels)
                .withAnnotations(annotations)
                .endMetadata()
                .withSpec(podSpec(function))
                .endTemplate()
                .endSpec()
                .build();
    }

    /** The function's ClusterIP Service on the watchdog's port. */
    Service service(FunctionDeployment function) {
        return new ServiceBuilder()
                .withNewMetadata()
                .withName(function.service())
                .withNamespace(function.namespace())
                .withAnnotations(annotations(function))
                .endMetadata()
                .withNewSpec()
                .withType("ClusterIP")
                .withSelector(Map.of(FUNCTION_LABEL, function.service()))
                .addNewPort()
                .withName("http")
                .withProtocol("TCP")
                .withPort(WATCHDOG_PORT)
                .withTargetPort(new IntOrString(WATCHDOG_PORT))
                .endPort()
                .endSpec()
                .build();
    }

    private io.fabric8.kubernetes.api.model.PodSpec podSpec(FunctionDeployment function) {
        PodSpecBuilder pod = new PodSpecBuilder()
                .withNodeSelector(nodeSelector(function.constraints()))
                .withContainers(container(function))
                .withRestartPolicy("Always")
                .withDnsPolicy("ClusterFirst");
        if (!function.secrets().isEmpty()) {
            pod.addNewVolume()
                    .withName(function.service() + "-projected-secrets")
                    .withNewProjected()
                    .withSources(secretSources(function.secrets()))
                    .endProjected()
                    .endVolume();
        }
        if (function.readOnlyRootFilesystem()) {
            // As faas-netes: a writable /tmp beside a read-only root.
            pod.addNewVolume().withName("temp").withNewEmptyDir().endEmptyDir().endVolume();
        }
        return pod.build();
    }

    private Container container(FunctionDeployment function) {
        ContainerBuilder container = new ContainerBuilder()
                .withName(function.service())
                .withImage(function.image())
                .addNewPort()
                .withName("http")
                .withContainerPort(WATCHDOG_PORT)
                .withProtocol("TCP")
                .endPort()
                .withEnv(environment(function))
                .withResources(Resources.of(function))
                .withImagePullPolicy(imagePullPolicy)
                .withLivenessProbe(healthProbe())
                .withReadinessProbe(healthProbe())
                .withNewSecurityContext()
                .withReadOnlyRootFilesystem(function.readOnlyRootFilesystem())
                .endSecurityContext();
        if (!function.secrets().isEmpty()) {
            container
                    .addNewVolumeMount()
                    .withName(function.service() + "-projected-secrets")
                    .withMountPath(SECRETS_PATH)
                    .withReadOnly(true)
                    .endVolumeMount();
        }
        if (function.readOnlyRootFilesystem()) {
            container.addNewVolumeMount().withName("temp").withMountPath("/tmp").endVolumeMount();
        }
        return container.build();
    }

    private static Probe healthProbe() {
        return new ProbeBuilder()
                .withNewHttpGet()
                .withPath(HEALTH_PATH)
                .withPort(new IntOrString(WATCHDOG_PORT))
                .withScheme("HTTP")
                .endHttpGet()
                .withInitialDelaySeconds(2)
                .withTimeoutSeconds(1)
                .withPeriodSeconds(2)
                .build();
    }

    /** {@code fprocess} and the deployment's variables, sorted by name as faas-netes sorts them. */
    private static List<EnvVar> environment(FunctionDeployment function) {
        List<EnvVar> env = new ArrayList<>();
        if (function.envProcess() != null && !function.envProcess().isEmpty()) {
            env.add(new EnvVar(ENV_PROCESS, function.envProcess(), null));
        }
        function.envVars().forEach((name, value) -> env.add(new EnvVar(name, value, null)));
        env.sort(Comparator.comparing(EnvVar::getName));
        return env;
    }

    /** Each secret projected whole: its one key, named after the secret, becomes the file. */
    private static List<VolumeProjection> secretSources(List<String> secrets) {
        return secrets.stream()
                .map(secret -> new VolumeProjectionBuilder()
                        .withNewSecret()
                        .withName(secret)
                        .endSecret()
                        .build())
                .toList();
    }

    /** {@code key=value} constraints as a node selector; others are not node labels and are left out. */
    private static Map<String, String> nodeSelector(List<String> constraints) {
        Map<String, String> selector = new LinkedHashMap<>();
        for (String constraint : constraints) {
            int eq = constraint.indexOf('=');
            if (eq > 0) {
                selector.put(
                        constraint.substring(0, eq).trim(),
                        constraint.substring(eq + 1).trim());
            }
        }
        return selector;
    }

    private static Map<String, String> annotations(FunctionDeployment function) {
        Map<String, String> annotations = new LinkedHashMap<>(function.annotations());
        annotations.putIfAbsent("prometheus.io.scrape", "false");
        return annotations;
    }

    /** faas-netes' rule: a positive {@code com.openfaas.scale.min}, else one replica. */
    private static int initialReplicas(FunctionDeployment function) {
        try {
            int min = Integer.parseInt(
                    function.labels().getOrDefault(MIN_LABEL, "1").trim());
            return min > 0 ? min : 1;
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
