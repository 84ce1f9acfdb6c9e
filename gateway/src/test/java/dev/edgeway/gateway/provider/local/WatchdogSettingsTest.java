package dev.edgeway.gateway.provider.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WatchdogSettingsTest {

    private static final Duration DEFAULT = Duration.ofSeconds(7);

    @Test
    void defaultsToTheClassicWatchdogs() {
        WatchdogSettings settings = WatchdogSettings.from(Map.of(), DEFAULT);

        assertThat(settings.combineOutput()).isTrue();
        assertThat(settings.cgiHeaders()).isTrue();
        assertThat(settings.contentType()).isNull();
        assertThat(settings.execTimeout()).isEqualTo(DEFAULT);
    }

    @Test
    void onlyTheLiteralTrueSwitchesAFlagOn() {
        WatchdogSettings settings =
                WatchdogSettings.from(Map.of("combine_output", "TRUE", "cgi_headers", "false"), DEFAULT);

        assertThat(settings.combineOutput()).isFalse();
        assertThat(settings.cgiHeaders()).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"5,PT5S", "1m30s,PT1M30S", "500ms,PT0.5S", "0,PT0S", "soon,PT7S"})
    void readsExecTimeoutAsSecondsOrGoDuration(String value, Duration expected) {
        assertThat(WatchdogSettings.from(Map.of("exec_timeout", value), DEFAULT).execTimeout())
                .isEqualTo(expected);
    }

    @Test
    void forcesTheContentTypeWhenSet() {
        assertThat(WatchdogSettings.from(Map.of("content_type", "application/json"), DEFAULT)
                        .contentType())
                .isEqualTo("application/json");
    }

    @Test
    void recognisesHttpMode() {
        assertThat(WatchdogSettings.httpMode(Map.of("mode", "http"))).isTrue();
        assertThat(WatchdogSettings.httpMode(Map.of("mode", "streaming"))).isFalse();
        assertThat(WatchdogSettings.httpMode(Map.of())).isFalse();
    }
}
