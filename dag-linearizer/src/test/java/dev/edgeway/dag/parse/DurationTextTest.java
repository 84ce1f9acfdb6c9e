package dev.edgeway.dag.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DurationTextTest {

    @ParameterizedTest
    @CsvSource({
        "30s, PT30S",
        "1m30s, PT1M30S",
        "1h2m3s, PT1H2M3S",
        "250ms, PT0.25S",
        "1.5h, PT1H30M",
        "10us, PT0.00001S",
        "7ns, PT0.000000007S",
        "-2s, PT-2S",
        "PT30S, PT30S",
        "pt1m, PT1M",
        "30, PT30S",
        "0.5, PT0.5S",
        "0, PT0S"
    })
    void readsGoIsoAndSecondsNotations(String text, String expected) {
        assertThat(DurationText.parse(text)).isEqualTo(Duration.parse(expected));
    }

    @ParameterizedTest
    @CsvSource({"30x", "s", "1m30", "ten seconds", "P", "''"})
    void refusesOtherText(String text) {
        assertThatThrownBy(() -> DurationText.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("\"" + text + "\" (expected: " + DurationText.EXPECTED + ")");
    }
}
