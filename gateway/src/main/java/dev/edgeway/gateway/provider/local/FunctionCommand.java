package dev.edgeway.gateway.provider.local;

import dev.edgeway.gateway.provider.FunctionDeployment;
import dev.edgeway.gateway.provider.ProviderException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * How to start a function's process: {@code envProcess} split on spaces (no shell, as both
 * watchdogs do) and the environment it runs with.
 *
 * <p>The environment is the deployment's {@code envVars}, {@code fprocess} and
 * {@code secret_mount_path}, over a few variables a program needs to run at all. The rest of
 * the gateway's environment is not passed on: it may hold the gateway's own credentials.
 *
 * <p>In a sandbox, {@code argv} is bwrap's command line with the function's after it, and
 * {@code secret_mount_path} is {@code /var/openfaas/secrets}, where its secrets are bound.
 *
 * @param fprocess the command line as deployed
 * @param argv the program and its arguments, behind the sandbox's when there is one
 * @param env the variables every process of this function gets
 */
record FunctionCommand(String fprocess, List<String> argv, Map<String, String> env) {

    private static final List<String> INHERITED = List.of("PATH", "HOME", "USER", "LANG", "LC_ALL", "TZ", "TMPDIR");

    FunctionCommand {
        argv = List.copyOf(argv);
        env = Map.copyOf(env);
    }

    /** The annotation that takes a function off the network ({@code "none"}); sandboxed classic functions only. */
    static final String NETWORK_ANNOTATION = "com.edgeway.network";

    /**
     * @param cgroups whether each process gets a cgroup with the limits; without, memory is
     *     limited through {@code prlimit}
     */
    static FunctionCommand of(FunctionDeployment deployment, Sandbox sandbox, LocalSecrets secrets, boolean cgroups) {
        String fprocess = requireProcess(deployment);
        String namespace = deployment.namespace() == null ? "" : deployment.namespace();
        List<String> argv =
                Arrays.stream(fprocess.split(" ")).filter(s -> !s.isEmpty()).toList();
        Map<String, String> env = new LinkedHashMap<>();
        for (String name : INHERITED) {
            String value = System.getenv(name);
            if (value != null) {
                env.put(name, value);
            }
        }
        env.putAll(deployment.envVars());
        env.put("fprocess", fprocess);
        if (sandbox.enabled()) {
            Map<String, Path> own = new LinkedHashMap<>();
            deployment.secrets().forEach(name -> own.put(name, secrets.file(name, namespace)));
            argv = sandbox.wrap(argv, own, networked(deployment));
            env.put("secret_mount_path", Sandbox.SECRETS.toString());
        } else {
            env.put(
                    "secret_mount_path",
                    secrets.directory(namespace).toAbsolutePath().toString());
        }
        return new FunctionCommand(
                fprocess, cgroups ? argv : ResourceLimits.of(deployment).apply(argv), env);
    }

    /**
     * 400 for a function taken off the network in HTTP mode: the gateway reaches its replicas
     * over loopback, which a network namespace of their own would hide.
     */
    static void requireReachable(FunctionDeployment deployment) {
        if (!networked(deployment) && WatchdogSettings.httpMode(deployment.envVars())) {
            throw ProviderException.badRequest("validation failed: annotations." + NETWORK_ANNOTATION
                    + ": none is for classic functions; an HTTP-mode function must be reachable on loopback");
        }
    }

    private static boolean networked(FunctionDeployment deployment) {
        return !"none".equals(deployment.annotations().get(NETWORK_ANNOTATION));
    }

    /** The command line of a deployment; 400 when it has none, since no image is ever run here. */
    static String requireProcess(FunctionDeployment deployment) {
        String fprocess = deployment.envProcess();
        if (fprocess == null || fprocess.isBlank()) {
            throw ProviderException.badRequest("validation failed: envProcess: is required by the local provider,"
                    + " which runs functions as processes (the image is not run)");
        }
        return fprocess.trim();
    }

    /**
     * Starts a process with extra variables; stderr joins stdout when asked to. With a cgroup,
     * the process joins it before it runs the command (and before bwrap sets up the sandbox).
     */
    Process start(Map<String, String> extraEnv, boolean mergeStderr, @Nullable Cgroup cgroup) throws IOException {
        ProcessBuilder builder =
                new ProcessBuilder(cgroup == null ? argv : cgroup.join(argv)).redirectErrorStream(mergeStderr);
        Map<String, String> environment = builder.environment();
        environment.clear();
        environment.putAll(env);
        environment.putAll(extraEnv);
        return builder.start();
    }
}
