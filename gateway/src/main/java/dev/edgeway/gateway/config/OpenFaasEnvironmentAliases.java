package dev.edgeway.gateway.config;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Honours the OpenFaaS gateway's environment names ({@code functions_provider_url},
 * {@code upstream_timeout}, {@code basic_auth}, ...) as aliases of Edgeway's properties, so
 * Edgeway drops into an existing OpenFaaS deployment. An alias is added with the lowest
 * precedence, so an explicit {@code edgeway.*} setting always wins.
 */
public class OpenFaasEnvironmentAliases implements EnvironmentPostProcessor, Ordered {

    static final String SOURCE_NAME = "openfaasEnvironmentAliases";

    private static final Map<String, String> PLAIN = Map.of(
            "functions_provider_url", "edgeway.gateway.provider-url",
            "logs_provider_url", "edgeway.gateway.logs-provider-url",
            "function_namespace", "edgeway.gateway.function-namespace",
            "secret_mount_path", "edgeway.gateway.auth.secret-mount-path",
            "max_idle_conns_per_host", "edgeway.gateway.max-idle-conns",
            "EDGEWAY_DATA_DIR", "edgeway.gateway.data-dir");

    private static final Map<String, String> DURATIONS = Map.of(
            "read_timeout", "edgeway.gateway.read-timeout",
            "write_timeout", "edgeway.gateway.write-timeout",
            "upstream_timeout", "edgeway.gateway.upstream-timeout");

    private static final Map<String, String> BOOLEANS = Map.of(
            "basic_auth", "edgeway.gateway.auth.basic-auth",
            "scale_from_zero", "edgeway.gateway.scaling.scale-from-zero");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> aliases = new LinkedHashMap<>();
        PLAIN.forEach((env, property) -> copy(environment, env, property, aliases));
        DURATIONS.forEach((env, property) -> {
            String value = environment.getProperty(env);
            if (value != null) {
                // Invalid values fall back to the default, as OpenFaaS does.
                GoDurations.parse(value).ifPresent(d -> aliases.put(property, d.toString()));
            }
        });
        // Only the literal "true" enables a flag in OpenFaaS; anything else set means false.
        BOOLEANS.forEach((env, property) -> {
            String value = environment.getProperty(env);
            if (value != null) {
                aliases.put(property, Boolean.toString("true".equals(value.trim())));
            }
        });
        if (environment.getProperty("functions_provider_url") != null) {
            aliases.put("edgeway.gateway.provider", "faas");
        }
        if (!aliases.isEmpty()) {
            environment.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME, aliases));
        }
    }

    private static void copy(
            ConfigurableEnvironment environment, String env, String property, Map<String, Object> aliases) {
        String value = environment.getProperty(env);
        if (value != null && !value.isBlank()) {
            aliases.put(property, value.trim());
        }
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
