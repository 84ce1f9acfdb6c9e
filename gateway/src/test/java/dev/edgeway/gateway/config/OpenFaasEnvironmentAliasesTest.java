package dev.edgeway.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class OpenFaasEnvironmentAliasesTest {

    private final OpenFaasEnvironmentAliases aliases = new OpenFaasEnvironmentAliases();

    @Test
    void mapsOpenFaasNamesOntoEdgewayProperties() {
        StandardEnvironment env = environment(Map.of(
                "functions_provider_url", "http://faas-netes:8081/",
                "upstream_timeout", "1m5s",
                "read_timeout", "30",
                "basic_auth", "true",
                "secret_mount_path", "/var/secrets/",
                "scale_from_zero", "false",
                "function_namespace", "fn"));

        aliases.postProcessEnvironment(env, new SpringApplication());

        assertThat(env.getProperty("edgeway.gateway.provider")).isEqualTo("faas");
        assertThat(env.getProperty("edgeway.gateway.provider-url")).isEqualTo("http://faas-netes:8081/");
        assertThat(env.getProperty("edgeway.gateway.upstream-timeout")).isEqualTo("PT1M5S");
        assertThat(env.getProperty("edgeway.gateway.read-timeout")).isEqualTo("PT30S");
        assertThat(env.getProperty("edgeway.gateway.auth.basic-auth")).isEqualTo("true");
        assertThat(env.getProperty("edgeway.gateway.auth.secret-mount-path")).isEqualTo("/var/secrets/");
        assertThat(env.getProperty("edgeway.gateway.scaling.scale-from-zero")).isEqualTo("false");
        assertThat(env.getProperty("edgeway.gateway.function-namespace")).isEqualTo("fn");
    }

    @Test
    void onlyTheLiteralTrueEnablesAFlagAndInvalidDurationsKeepTheDefault() {
        StandardEnvironment env = environment(Map.of("basic_auth", "yes", "write_timeout", "soon"));

        aliases.postProcessEnvironment(env, new SpringApplication());

        assertThat(env.getProperty("edgeway.gateway.auth.basic-auth")).isEqualTo("false");
        assertThat(env.getProperty("edgeway.gateway.write-timeout")).isNull();
    }

    @Test
    void explicitEdgewaySettingsWinOverAliases() {
        StandardEnvironment env =
                environment(Map.of("upstream_timeout", "10s", "edgeway.gateway.upstream-timeout", "PT20S"));

        aliases.postProcessEnvironment(env, new SpringApplication());

        assertThat(env.getProperty("edgeway.gateway.upstream-timeout")).isEqualTo("PT20S");
    }

    private static StandardEnvironment environment(Map<String, Object> values) {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addFirst(new MapPropertySource("test", values));
        return env;
    }
}
