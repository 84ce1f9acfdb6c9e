package dev.edgeway.gateway.async;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgeway.gateway.provider.ProviderException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CallbackUrlTest {

    @ParameterizedTest
    @ValueSource(strings = {"not a url", "/relative", "ftp://host/x", "http:///nohost", "mailto:a@b"})
    void refusesWhatIsNotAnAbsoluteHttpUrl(String value) {
        assertThatThrownBy(() -> CallbackUrl.parse(value))
                .isInstanceOf(ProviderException.class)
                .hasMessageContaining("X-Callback-Url: " + value);
    }

    @ParameterizedTest
    @CsvSource({
        "http://169.254.169.254/latest, link-local",
        "http://[fe80::1]:9000/x, link-local",
        "http://127.0.0.1:8080/system/functions, own port",
        "http://localhost:8082/metrics, own port"
    })
    void refusesLinkLocalTargetsAndTheGatewaysOwnPorts(String url, String reason) {
        CallbackTargets targets = new CallbackTargets(List.of(), () -> Set.of(8080, 8082));

        assertThatThrownBy(() -> targets.check(CallbackUrl.parse(url)))
                .isInstanceOf(ProviderException.class)
                .hasMessageContaining(reason);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:9000/done", "http://localhost:9000/done"})
    void allowsOtherPortsOnThisMachine(String url) {
        CallbackTargets targets = new CallbackTargets(List.of(), () -> Set.of(8080, 8082));

        assertThatCode(() -> targets.check(CallbackUrl.parse(url))).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @CsvSource({"http://hooks.example.com/x, true", "http://other.example.com/x, false"})
    void followsAnAllowList(String url, boolean allowed) {
        CallbackTargets targets = new CallbackTargets(List.of("hooks.example.com"), Set::of);

        if (allowed) {
            assertThatCode(() -> targets.check(CallbackUrl.parse(url))).doesNotThrowAnyException();
        } else {
            assertThatThrownBy(() -> targets.check(CallbackUrl.parse(url))).hasMessageContaining("allowed-hosts");
        }
    }
}
