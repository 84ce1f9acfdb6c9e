package dev.edgeway.gateway.provider;

import java.util.Map;

/**
 * Checks what a deployment puts into its function's environment before it is stored. A name
 * holding {@code =} or a NUL anywhere cannot be passed to a process (nor to a Kubernetes
 * container), so such a deployment would be accepted and then fail every call; it is refused at
 * deploy instead, with faas-netes' {@code validation failed:} prefix.
 */
public final class FunctionEnvironment {

    private static final char NUL = '\0';

    private FunctionEnvironment() {}

    /** Checks {@code envVars} and {@code envProcess}; 400 naming the first offending entry. */
    public static FunctionDeployment require(FunctionDeployment deployment) {
        for (Map.Entry<String, String> variable : deployment.envVars().entrySet()) {
            String name = variable.getKey();
            if (name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf(NUL) >= 0) {
                throw ProviderException.badRequest("validation failed: envVars: name (" + printable(name)
                        + ") is invalid (expected: not empty, without '=' or NUL)");
            }
            if (variable.getValue().indexOf(NUL) >= 0) {
                throw ProviderException.badRequest(
                        "validation failed: envVars: value of " + name + " is invalid (expected: without NUL)");
            }
        }
        String envProcess = deployment.envProcess();
        if (envProcess != null && envProcess.indexOf(NUL) >= 0) {
            throw ProviderException.badRequest("validation failed: envProcess is invalid (expected: without NUL)");
        }
        return deployment;
    }

    private static String printable(String name) {
        return name.replace(String.valueOf(NUL), "\\u0000");
    }
}
