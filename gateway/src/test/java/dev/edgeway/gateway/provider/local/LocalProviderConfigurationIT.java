package dev.edgeway.gateway.provider.local;

import static dev.edgeway.gateway.provider.local.TestFunctions.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.edgeway.gateway.config.GatewayProperties;
import dev.edgeway.gateway.invoke.HttpUpstreams;
import dev.edgeway.gateway.provider.ProviderInfo;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The local provider is the default and stands aside when another provider is chosen. */
class LocalProviderConfigurationIT {

    @TempDir
    Path dir;

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withBean(GatewayProperties.class, () -> TestFunctions.properties(dir))
                .withBean(HttpUpstreams.class, () -> new HttpUpstreams(4, Duration.ofSeconds(5)))
                .withUserConfiguration(LocalProviderConfiguration.class);
    }

    @Test
    void providesTheLocalProviderByDefault() {
        runner().run(context -> {
            assertThat(context).hasSingleBean(LocalProvider.class);
            assertThat(context.getBean(LocalProvider.class)
                            .info()
                            .block(WAIT)
                            .version()
                            .release())
                    .isEqualTo("dev");
        });
    }

    @Test
    void showsTheLimitsInForceBesideTheSandbox() {
        runner().withPropertyValues("edgeway.gateway.local.cgroups=off", "edgeway.gateway.local.sandbox=off")
                .run(context -> {
                    ProviderInfo info =
                            context.getBean(LocalProvider.class).info().block(WAIT);
                    assertThat(info.sandbox()).isEqualTo("none");
                    assertThat(info.limits()).isEqualTo("rlimit");
                });
    }

    @Test
    void standsAsideForAnotherProvider() {
        runner().withPropertyValues("edgeway.gateway.provider=faas")
                .run(context -> assertThat(context).doesNotHaveBean(LocalProvider.class));
    }
}
