package dev.edgeway.gateway.provider.local;

import dev.edgeway.gateway.config.GoDurations;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * How the classic watchdog treats a function, read from the deployment's {@code envVars} with
 * the classic watchdog's names and defaults ({@code readconfig.go}): only the literal
 * {@code true} switches a flag on, and flags that default to on stay on unless set otherwise.
 *
 * @param combineOutput stderr is part of the response ({@code combine_output}, default on)
 * @param cgiHeaders requests are described in {@code Http_*} variables ({@code cgi_headers}, default on)
 * @param contentType the response's Content-Type, when forced ({@code content_type})
 * @param execTimeout when a call is killed ({@code exec_timeout}); zero for never
 */
record WatchdogSettings(
        boolean combineOutput, boolean cgiHeaders, @Nullable String contentType, Duration execTimeout) {

    /** Whether a deployment asks for a long-running HTTP server rather than a fork per call. */
    static boolean httpMode(Map<String, String> envVars) {
        return "http".equals(envVars.get("mode"));
    }

    static WatchdogSettings from(Map<String, String> envVars, Duration defaultExecTimeout) {
        String contentType = envVars.get("content_type");
        String execTimeout = envVars.get("exec_timeout");
        return new WatchdogSettings(
                flag(envVars.get("combine_output"), true),
                flag(envVars.get("cgi_headers"), true),
                contentType == null || contentType.isEmpty() ? null : contentType,
                execTimeout == null
                        ? defaultExecTimeout
                        : GoDurations.parse(execTimeout).orElse(defaultExecTimeout));
    }

    private static boolean flag(@Nullable String value, boolean unset) {
        return value == null || value.isEmpty() ? unset : value.equals("true");
    }
}
