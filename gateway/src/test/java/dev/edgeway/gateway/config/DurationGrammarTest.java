package dev.edgeway.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgeway.dag.parse.DurationText;
import dev.edgeway.storage.task.InvalidInputException;
import dev.edgeway.storage.variable.Ttl;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Edgeway's one duration grammar, pinned for every reader of it: pipeline definitions
 * (dag-linearizer's {@code DurationText}), variable TTLs (storage's copy, behind {@code Ttl}) and
 * the OpenFaaS settings the gateway reads ({@code GoDurations}). A case added here binds all three.
 */
class DurationGrammarTest {

    @ParameterizedTest
    @CsvSource({
        "30, PT30S",
        "0.5, PT0.5S",
        ".5, PT0.5S",
        "1.5, PT1.5S",
        "30s, PT30S",
        "1m30s, PT1M30S",
        "1h2m3s, PT1H2M3S",
        "2h45m30.5s, PT2H45M30.5S",
        "1.5h, PT1H30M",
        "250ms, PT0.25S",
        "1500us, PT0.0015S",
        "1500µs, PT0.0015S",
        "7ns, PT0.000000007S",
        "PT1M, PT1M",
        "pt10m, PT10M",
        "P1D, PT24H",
        " 90s , PT1M30S",
    })
    void everyReaderTakesTheSameForms(String text, Duration expected) {
        assertThat(DurationText.parse(text)).isEqualTo(expected);
        assertThat(Ttl.parse("ttl", text)).contains(expected);
        assertThat(GoDurations.parse(text)).contains(expected);
    }

    @ParameterizedTest
    @CsvSource({"soon", "5x", "s", "1m30", "1d", "P1M", "5 s", "1h 30m", "ten seconds", "99999999999999999999"})
    void everyReaderRefusesTheSameText(String text) {
        assertThatThrownBy(() -> DurationText.parse(text)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Ttl.parse("ttl", text)).isInstanceOf(InvalidInputException.class);
        assertThat(GoDurations.parse(text)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"-5s, PT-5S", "-5, PT-5S", "PT-1H, PT-1H"})
    void readsNegativeDurationsWhichTimeoutsAndTtlsRefuse(String text, Duration negative) {
        assertThat(DurationText.parse(text)).isEqualTo(negative);
        assertThatThrownBy(() -> Ttl.parse("ttl", text)).isInstanceOf(InvalidInputException.class);
        assertThat(GoDurations.parse(text)).isEmpty();
    }
}
