package dev.edgeway.gateway.provider.faas;

import static dev.edgeway.gateway.provider.faas.FaasProviderExtension.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.edgeway.gateway.config.OpenFaasJson;
import dev.edgeway.gateway.invoke.HttpUpstreams;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import tools.jackson.databind.json.JsonMapper;

@Timeout(30)
class FaasProviderConfigurationIT {

    @RegisterExtension
    static final FaasProviderExtension faas = new FaasProviderExtension();

    @TempDir
    Path secrets;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(FaasProviderConfiguration.class)
            .withBean(HttpUpstreams.class, () -> new HttpUpstreams(4, Duration.ofSeconds(5)))
            .withBean(JsonMapper.class, OpenFaasJson::mapper);

    @Test
    void callsTheProviderWithTheCredentialsFromTheSecretMount() throws Exception {
        // Kubernetes secrets often end with a newline; OpenFaaS trims it.
        Files.writeString(secrets.resolve("basic-auth-user"), "admin\n");
        Files.writeString(secrets.resolve("basic-auth-password"), "s3cr3t-pa55\n");

        runner.withPropertyValues(
                        "edgeway.gateway.provider=faas",
                        "edgeway.gateway.provider-url=" + faas.server().url(),
                        "edgeway.gateway.auth.basic-auth=true",
                        "edgeway.gateway.auth.secret-mount-path=" + secrets)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(FaasProvider.class)
                                    .list(NAMESPACE)
                                    .block(Duration.ofSeconds(10)))
                            .isEmpty();
                    assertThat(faas.server().received().getLast().authorization())
                            .isEqualTo(FaasProviderExtension.credentials("admin", "s3cr3t-pa55"));
                });
    }

    @Test
    void sendsNoCredentialsWithoutBasicAuth() {
        runner.withPropertyValues(
                        "edgeway.gateway.provider=faas",
                        "edgeway.gateway.provider-url=" + faas.server().url(),
                        "edgeway.gateway.auth.basic-auth=false")
                .run(context -> {
                    assertThat(context.getBean(FaasProvider.class).health().blockOptional(Duration.ofSeconds(10)))
                            .isEmpty();
                    assertThat(faas.server().received().getLast().authorization())
                            .isNull();
                });
    }

    @Test
    void failsAtStartupWithoutAProviderUrl() {
        runner.withPropertyValues("edgeway.gateway.provider=faas").run(context -> assertThat(context)
                .getFailure()
                .rootCause()
                .hasMessageStartingWith("edgeway.gateway.provider-url (functions_provider_url): not set"));
    }

    @Test
    void failsAtStartupWhenACredentialFileIsMissing() throws Exception {
        Files.writeString(secrets.resolve("basic-auth-user"), "admin");

        runner.withPropertyValues(
                        "edgeway.gateway.provider=faas",
                        "edgeway.gateway.provider-url=" + faas.server().url(),
                        "edgeway.gateway.auth.basic-auth=true",
                        "edgeway.gateway.auth.secret-mount-path=" + secrets)
                .run(context -> assertThat(context)
                        .getFailure()
                        .hasStackTraceContaining("basic auth: cannot read " + secrets.resolve("basic-auth-password")));
    }

    @Test
    void createsNoProviderForTheLocalProvider() {
        runner.withPropertyValues("edgeway.gateway.provider=local")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(FaasProvider.class));
    }
}
