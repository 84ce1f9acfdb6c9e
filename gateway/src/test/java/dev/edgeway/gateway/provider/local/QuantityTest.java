package dev.edgeway.gateway.provider.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgeway.gateway.provider.ProviderException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Kubernetes quantities as the local provider reads its limits. */
class QuantityTest {

    @ParameterizedTest
    @CsvSource({
        "128Mi, 134217728",
        "1Gi, 1073741824",
        "64M, 64000000",
        "1k, 1000",
        "1500, 1500",
        "1.5Ki, 1536",
        "2e3, 2000",
        "0.5, 1"
    })
    void readsMemoryInBytes(String text, long bytes) {
        assertThat(Quantity.bytes("limits.memory", text)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @CsvSource({"500m, 500", "1, 1000", "1.5, 1500", "0.1, 100", "100u, 1"})
    void readsCpuInMillicores(String text, long millicores) {
        assertThat(Quantity.millicores("limits.cpu", text)).isEqualTo(millicores);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "12Qi | validation failed: limits.memory: 12Qi is not a quantity",
                "-1 | validation failed: limits.memory: -1 must be more than 0",
                "0 | validation failed: limits.memory: 0 must be more than 0",
                "1e99 | validation failed: limits.memory: 1e99 is more memory than any machine has",
                "1e9999 | validation failed: limits.memory: 1e9999 is not a quantity",
                "12 Mi | validation failed: limits.memory: 12 Mi is not a quantity",
                "Mi | validation failed: limits.memory: Mi is not a quantity"
            })
    void refusesWhatIsNotAPositiveQuantityNamingTheField(String text, String message) {
        assertThatThrownBy(() -> Quantity.bytes("limits.memory", text))
                .isInstanceOfSatisfying(
                        ProviderException.class,
                        e -> assertThat(e.status().value()).isEqualTo(400))
                .hasMessageStartingWith(message);
    }

    @ParameterizedTest
    @CsvSource({"1e99", "2000000", "12Qi", "-500m"})
    void refusesCpuThatIsNoLimit(String text) {
        assertThatThrownBy(() -> Quantity.millicores("requests.cpu", text))
                .isInstanceOf(ProviderException.class)
                .hasMessageStartingWith("validation failed: requests.cpu: " + text);
    }
}
