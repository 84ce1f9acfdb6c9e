package dev.edgeway.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GoDurationsTest {

    @ParameterizedTest
    @CsvSource({
        "60, PT1M",
        "0, PT0S",
        "1m5s, PT1M5S",
        "500ms, PT0.5S",
        "1h30m, PT1H30M",
        "1.5s, PT1.5S",
        "2h, PT2H",
    })
    void readsSecondsAndGoDurations(String text, String expected) {
        assertThat(GoDurations.parse(text)).contains(Duration.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "5x", "-5s", "1m5", "PT1M", "s"})
    void rejectsAnythingElse(String text) {
        assertThat(GoDurations.parse(text)).isEmpty();
    }
}
