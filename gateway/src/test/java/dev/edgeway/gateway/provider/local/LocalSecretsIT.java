package dev.edgeway.gateway.provider.local;

import static dev.edgeway.gateway.provider.local.TestFunctions.NS;
import static dev.edgeway.gateway.provider.local.TestFunctions.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgeway.gateway.invoke.HttpUpstreams;
import dev.edgeway.gateway.provider.ProviderException;
import dev.edgeway.gateway.provider.Secret;
import dev.edgeway.gateway.provider.VersionInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpStatus;

/** Secrets as private files in the data directory, per namespace, and where unsandboxed functions read them. */
@Timeout(60)
class LocalSecretsIT {

    @TempDir
    Path dir;

    private final HttpUpstreams upstreams = new HttpUpstreams(4, Duration.ofSeconds(10));
    private LocalProvider provider;

    private LocalProvider provider(Path secretMountPath) {
        provider = new LocalProvider(
                TestFunctions.properties(dir.resolve("data"), secretMountPath),
                upstreams,
                new VersionInfo(null, "t", "t"));
        return provider;
    }

    @AfterEach
    void stop() {
        if (provider != null) {
            provider.destroy();
        }
        upstreams.close();
    }

    @Test
    void keepsSecretsInPrivateFilesPerNamespace() throws Exception {
        Path mount = dir.resolve("mount");
        provider(mount)
                .createSecret(new Secret("db-password", NS, "hunter2", null))
                .block(WAIT);
        provider.createSecret(new Secret("db-password", "dev", null, new byte[] {0, 1, 2}))
                .block(WAIT);

        Path secrets = dir.resolve("data").resolve("secrets");
        Path file = secrets.resolve(NS).resolve("db-password");
        assertThat(file).hasContent("hunter2");
        assertThat(secrets.resolve("dev").resolve("db-password")).hasBinaryContent(new byte[] {0, 1, 2});
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
                .isEqualTo("rwx------");
    }

    @Test
    void listsNamesButNeverValues() {
        provider(dir.resolve("mount"))
                .createSecret(new Secret("b-key", NS, "2", null))
                .block(WAIT);
        provider.createSecret(new Secret("a-key", NS, "1", null)).block(WAIT);

        assertThat(provider.secrets(NS).block(WAIT))
                .containsExactly(Secret.named("a-key", NS), Secret.named("b-key", NS))
                .allSatisfy(secret -> {
                    assertThat(secret.value()).isNull();
                    assertThat(secret.rawValue()).isNull();
                });
        assertThat(provider.secrets("dev").block(WAIT)).isEmpty();
    }

    @Test
    void createsUpdatesAndDeletesOnlyWhatMakesSense() {
        Path mount = dir.resolve("mount");
        provider(mount).createSecret(new Secret("token", NS, "one", null)).block(WAIT);

        assertStatus(
                () -> provider.createSecret(new Secret("token", NS, "two", null))
                        .block(WAIT),
                HttpStatus.CONFLICT);
        provider.updateSecret(new Secret("token", NS, "two", null)).block(WAIT);
        assertThat(mount.resolve("token")).hasContent("two");
        assertStatus(
                () -> provider.updateSecret(new Secret("nope", NS, "x", null)).block(WAIT), HttpStatus.NOT_FOUND);
        provider.deleteSecret("token", NS).block(WAIT);
        assertThat(mount.resolve("token")).doesNotExist();
        assertStatus(() -> provider.deleteSecret("token", NS).block(WAIT), HttpStatus.NOT_FOUND);
    }

    @ParameterizedTest
    @ValueSource(strings = {"../escape", "a/b", "..", "", "Upper"})
    void rejectsNamesThatAreNotSafeFileNames(String name) {
        provider(dir.resolve("mount"));

        assertStatus(
                () -> provider.createSecret(new Secret(name, NS, "x", null)).block(WAIT), HttpStatus.BAD_REQUEST);
        assertStatus(() -> provider.deleteSecret(name, NS).block(WAIT), HttpStatus.BAD_REQUEST);
        assertThat(dir.resolve("escape")).doesNotExist();
    }

    @Test
    void unsandboxedFunctionsOfTheDefaultNamespaceFindTheirSecretsAtTheOpenFaasPath() throws Exception {
        Path mount = dir.resolve("var").resolve("openfaas").resolve("secrets");
        provider(mount).createSecret(new Secret("token", NS, "v", null)).block(WAIT);
        Path reader = TestFunctions.script(dir, "reader.sh", "#!/bin/sh\ncat " + mount + "/token\n");
        provider.deploy(TestFunctions.deployment("reader", reader.toString())).block(WAIT);

        assertThat(TestFunctions.call(provider.upstream("reader", NS).block(WAIT), TestFunctions.get("reader"))
                        .body())
                .isEqualTo("v");
        assertThat(Files.readSymbolicLink(mount))
                .isEqualTo(dir.resolve("data").resolve("secrets").resolve(NS).toAbsolutePath());
    }

    @Test
    void twoGatewaysOnOneMachineKeepTheirSecretsApart() throws Exception {
        Path mount = dir.resolve("openfaas-secrets");
        provider(mount).createSecret(new Secret("token", NS, "first", null)).block(WAIT);
        LocalProvider second = new LocalProvider(
                TestFunctions.properties(dir.resolve("second"), mount), upstreams, new VersionInfo(null, "t", "t"));
        try {
            assertThat(second.secrets(NS).block(WAIT)).isEmpty();
            second.createSecret(new Secret("token", NS, "second", null)).block(WAIT);
            second.deleteSecret("token", NS).block(WAIT);

            assertThat(provider.secrets(NS).block(WAIT)).containsExactly(Secret.named("token", NS));
            assertThat(dir.resolve("data").resolve("secrets").resolve(NS).resolve("token"))
                    .hasContent("first");
            assertThat(mount.resolve("token"))
                    .as("the OpenFaaS path stays the first gateway's")
                    .hasContent("first");
        } finally {
            second.destroy();
        }
    }

    private static void assertStatus(ThrowingCallable call, HttpStatus status) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.status())
                .isEqualTo(status));
    }
}
