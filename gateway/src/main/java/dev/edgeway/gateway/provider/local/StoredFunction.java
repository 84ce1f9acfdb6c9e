package dev.edgeway.gateway.provider.local;

import dev.edgeway.gateway.provider.FunctionDeployment;
import dev.edgeway.gateway.provider.FunctionStatus;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A deployed function as it is kept on disk: what was deployed, when, and how many replicas
 * are wanted, so all three survive a restart of the gateway.
 *
 * @param deployment the deployment, with its namespace set
 * @param createdAt when it was first deployed; updates keep it
 * @param replicas the desired replicas
 */
record StoredFunction(FunctionDeployment deployment, Instant createdAt, long replicas) {

    static final String MIN_SCALE = "com.openfaas.scale.min";

    StoredFunction {
        Objects.requireNonNull(deployment, "deployment");
        Objects.requireNonNull(deployment.namespace(), "deployment.namespace");
        Objects.requireNonNull(createdAt, "createdAt");
        if (replicas < 0) {
            throw new IllegalArgumentException("replicas: " + replicas + " (expected: >= 0)");
        }
    }

    String name() {
        return deployment.service();
    }

    String namespace() {
        return Objects.requireNonNull(deployment.namespace());
    }

    /** The replicas a deployment starts with: its {@code com.openfaas.scale.min} label, else 1. */
    static long initialReplicas(FunctionDeployment deployment, long fallback) {
        String min = deployment.labels().get(MIN_SCALE);
        if (min != null && min.trim().matches("\\d{1,9}")) {
            return Long.parseLong(min.trim());
        }
        return fallback;
    }

    StoredFunction withReplicas(long desired) {
        return new StoredFunction(deployment, createdAt, desired);
    }

    /** The status the API shows: {@code faas_function} is always among the labels. */
    FunctionStatus status(long available) {
        Map<String, String> labels = new HashMap<>(deployment.labels());
        labels.put("faas_function", deployment.service());
        FunctionDeployment labelled = new FunctionDeployment(
                deployment.service(),
                deployment.image(),
                deployment.namespace(),
                deployment.envProcess(),
                deployment.envVars(),
                deployment.constraints(),
                deployment.secrets(),
                labels,
                deployment.annotations(),
                deployment.limits(),
                deployment.requests(),
                deployment.readOnlyRootFilesystem());
        return FunctionStatus.of(labelled, replicas, Math.min(available, replicas), createdAt);
    }
}
