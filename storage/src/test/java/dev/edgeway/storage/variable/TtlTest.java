package dev.edgeway.storage.variable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgeway.storage.task.InvalidInputException;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TtlTest {

    @ParameterizedTest
    @CsvSource({
        "90, PT1M30S",
        "1.5, PT1.5S",
        "90s, PT1M30S",
        "1h30m, PT1H30M",
        "2h45m30.5s, PT2H45M30.5S",
        "250ms, PT0.25S",
        "1500us, PT0.0015S",
        "1.5h, PT1H30M",
        "PT1H, PT1H",
        "P1D, PT24H",
        "pt10m, PT10M"
    })
    void parsesSecondsGoDurationsAndIso8601(String text, Duration expected) {
        assertThat(Ttl.parse("ttl", text)).contains(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "0s", "PT0S", "", "  "})
    void readsZeroAndBlankAsNoExpiry(String text) {
        assertThat(Ttl.parse("ttl", text)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"soon", "-5", "-5s", "1d", "P1M", "PT-1H", "5 s", "1h 30m", "99999999999999999999"})
    void rejectsEverythingElseNamingFieldValueAndRule(String text) {
        assertThatThrownBy(() -> Ttl.parse("ttl", text))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("ttl: \"" + text + "\" (expected: " + Ttl.RULE + ")");
    }
}
