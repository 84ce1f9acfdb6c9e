package dev.edgeway.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialFilesTest {

    @TempDir
    Path dir;

    @Test
    void generatesPrivateCredentialsOnceAndKeepsThem() throws IOException {
        BasicAuthCredentials first = CredentialFiles.readOrGenerate(dir.resolve("auth"));
        BasicAuthCredentials second = CredentialFiles.readOrGenerate(dir.resolve("auth"));

        assertThat(second).isEqualTo(first);
        assertThat(first.user()).isEqualTo("admin");
        assertThat(first.password()).hasSize(48);
        Path password = dir.resolve("auth").resolve(CredentialFiles.PASSWORD_FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(password)))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("auth"))))
                .isEqualTo("rwx------");
    }

    @Test
    void readsOpenFaasSecretFilesTrimmed() throws IOException {
        Files.writeString(dir.resolve("basic-auth-user"), "alice\n");
        Files.writeString(dir.resolve("basic-auth-password"), "  pw \n");

        assertThat(CredentialFiles.read(dir)).isEqualTo(new BasicAuthCredentials("alice", "pw"));
    }

    @Test
    void failsClearlyWhenAFileIsMissing() {
        assertThatThrownBy(() -> CredentialFiles.read(dir))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("basic-auth-user");
    }
}
