package dev.edgeway.sdk.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgeway.sdk.support.StubGateway;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class SecretCredentialsTest {

    @RegisterExtension
    final StubGateway gateway = new StubGateway();

    @TempDir
    Path secrets;

    private void secret(String name, String text) throws IOException {
        Files.writeString(secrets.resolve(name), text);
    }

    private String authorizationOf(StateClient.Builder builder) throws InterruptedException {
        gateway.problem(404, "task-not-found", "Task not found", "no");
        try (StateClient client = builder.gatewayUrl(gateway.url()).build()) {
            client.task("t").metadata();
        }
        return gateway.take().header("Authorization");
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsTheOpenFaasSecretFilesWithoutTheirLineEnd() throws Exception {
        secret("basic-auth-user", "admin\n");
        secret("basic-auth-password", "s3cret\n");

        assertThat(authorizationOf(StateClient.builder().environment(Map.of()).secretsDirectory(secrets)))
                .isEqualTo(basic("admin", "s3cret"));
    }

    @Test
    void takesTheSecretsDirectoryFromTheEnvironment() throws Exception {
        secret("basic-auth-user", "admin");
        secret("basic-auth-password", "pw");

        assertThat(authorizationOf(
                        StateClient.builder().environment(Map.of("OPENFAAS_SECRETS_DIR", secrets.toString()))))
                .isEqualTo(basic("admin", "pw"));
    }

    @Test
    void fallsBackToTheLocalProvidersSecretMountPath() throws Exception {
        secret("basic-auth-user", "admin");
        secret("basic-auth-password", "pw");

        assertThat(authorizationOf(StateClient.builder().environment(Map.of("secret_mount_path", secrets.toString()))))
                .isEqualTo(basic("admin", "pw"));
    }

    @Test
    void readsSecretsOfConfiguredNames() throws Exception {
        secret("state-user", "fn");
        secret("state-password", "pw");

        assertThat(authorizationOf(StateClient.builder()
                        .environment(Map.of())
                        .secretsDirectory(secrets)
                        .secretNames("state-user", "state-password")))
                .isEqualTo(basic("fn", "pw"));
    }

    @Test
    void environmentWinsOverSecretFilesAndTheBuilderOverBoth() throws Exception {
        secret("basic-auth-user", "from-file");
        secret("basic-auth-password", "from-file");
        Map<String, String> env = Map.of("OPENFAAS_AUTH_USER", "from-env", "OPENFAAS_AUTH_PASS", "pw");

        assertThat(authorizationOf(StateClient.builder().environment(env).secretsDirectory(secrets)))
                .isEqualTo(basic("from-env", "pw"));
        assertThat(authorizationOf(StateClient.builder()
                        .environment(env)
                        .secretsDirectory(secrets)
                        .basicAuth("builder", "pw")))
                .isEqualTo(basic("builder", "pw"));
    }

    @Test
    void sendsNoCredentialsWithoutSecretFiles() throws Exception {
        assertThat(authorizationOf(StateClient.builder().environment(Map.of()).secretsDirectory(secrets)))
                .isNull();
    }

    @Test
    void noAuthIgnoresTheSecretFiles() throws Exception {
        secret("basic-auth-user", "admin");
        secret("basic-auth-password", "pw");

        assertThat(authorizationOf(StateClient.builder()
                        .environment(Map.of())
                        .secretsDirectory(secrets)
                        .noAuth()))
                .isNull();
    }

    @Test
    void refusesHalfTheSecretsNamingTheMissingFile() throws Exception {
        secret("basic-auth-user", "admin");

        assertThatThrownBy(() -> StateClient.builder()
                        .environment(Map.of())
                        .secretsDirectory(secrets)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(secrets.resolve("basic-auth-password").toString())
                .hasMessageNotContaining("admin");
    }
}
