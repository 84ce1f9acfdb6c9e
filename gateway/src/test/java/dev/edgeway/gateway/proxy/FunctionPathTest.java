package dev.edgeway.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgeway.gateway.provider.ProviderException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FunctionPathTest {

    @ParameterizedTest
    @CsvSource({
        "echo, echo, openfaas-fn, /",
        "echo/, echo, openfaas-fn, /",
        "echo.dev, echo, dev, /",
        "echo.dev/a/b%20c, echo, dev, /a/b%20c",
        "my-fn/sub/, my-fn, openfaas-fn, /sub/",
    })
    void splitsNameNamespaceAtTheLastDotAndKeepsTheRawSubPath(
            String afterPrefix, String name, String namespace, String subPath) {
        assertThat(FunctionPath.parse(afterPrefix, "openfaas-fn")).contains(new FunctionPath(name, namespace, subPath));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a%20b", "a*b", "%2e%2e%2f"})
    void treatsNamesOutsideTheRouterPatternAsUnknownRoutes(String afterPrefix) {
        assertThat(FunctionPath.parse(afterPrefix, "openfaas-fn")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Echo", "a.b.c", "echo.", "-echo", "a_b", "..", "echo..ns"})
    void rejectsNamesThatAreNotDnsLabels(String afterPrefix) {
        assertThatThrownBy(() -> FunctionPath.parse(afterPrefix, "openfaas-fn"))
                .isInstanceOf(ProviderException.class)
                .hasMessageContaining("validation failed");
    }

    @ParameterizedTest
    @ValueSource(strings = {".openfaas-fn", ".openfaas-fn/sub", ".ns"})
    void answersAnEmptyNameAsAnUnknownFunction(String afterPrefix) {
        assertThatThrownBy(() -> FunctionPath.parse(afterPrefix, "openfaas-fn"))
                .isInstanceOfSatisfying(
                        ProviderException.class,
                        e -> assertThat(e.status().value()).isEqualTo(404))
                .hasMessageContaining("function not found");
    }
}
