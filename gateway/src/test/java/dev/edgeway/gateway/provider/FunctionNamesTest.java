package dev.edgeway.gateway.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FunctionNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "echo", "my-fn-2", "0abc"})
    void acceptsDnsLabels(String name) {
        assertThat(FunctionNames.requireService(name)).isEqualTo(name);
    }

    @ParameterizedTest
    @CsvSource({
        "'', 'validation failed: service: is required'",
        "Echo, 'validation failed: service: (Echo) is invalid, must be a valid DNS entry'",
        "-a, 'validation failed: service: (-a) is invalid, must be a valid DNS entry'",
        "a_b, 'validation failed: service: (a_b) is invalid, must be a valid DNS entry'",
    })
    void rejectsOtherServiceNamesWithFaasNetesMessages(String name, String message) {
        assertThatThrownBy(() -> FunctionNames.requireService(name))
                .isInstanceOf(ProviderException.class)
                .hasMessage(message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"../etc/passwd", "a/b", "..", "a..b"})
    void rejectsTraversalInSecretNames(String name) {
        assertThatThrownBy(() -> FunctionNames.requireSecret(name))
                .isInstanceOf(ProviderException.class)
                .hasMessage("directory traversal found in name");
    }

    @ParameterizedTest
    @ValueSource(strings = {"db-password", "api.key", "s3"})
    void acceptsDnsSubdomainSecretNames(String name) {
        assertThat(FunctionNames.requireSecret(name)).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"A", "a b", "a$", "-a"})
    void rejectsOtherSecretNames(String name) {
        assertThatThrownBy(() -> FunctionNames.requireSecret(name)).isInstanceOf(ProviderException.class);
    }
}
