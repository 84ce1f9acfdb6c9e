package dev.edgeway.gateway.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CronScheduleTest {

    private static final ZoneId UTC = ZoneOffset.UTC;

    @Test
    void readsCronConnectorsFiveFieldsAtSecondZero() {
        CronSchedule every5 = CronSchedule.parse("*/5 * * * *", UTC);

        assertThat(every5.next(Instant.parse("2026-12-01T10:03:17Z"))).contains(Instant.parse("2026-12-01T10:05:00Z"));
    }

    @Test
    void takesSixFieldsWithSecondsFirst() {
        CronSchedule every2s = CronSchedule.parse("*/2 * * * * *", UTC);

        assertThat(every2s.next(Instant.parse("2026-12-01T10:03:17Z"))).contains(Instant.parse("2026-12-01T10:03:18Z"));
    }

    @Test
    void readsTheFieldsInTheScheduleZone() {
        CronSchedule nineInBerlin = CronSchedule.parse("0 9 * * *", ZoneId.of("Europe/Berlin"));

        assertThat(nineInBerlin.next(Instant.parse("2026-12-01T00:00:00Z")))
                .contains(Instant.parse("2026-12-01T08:00:00Z"));
    }

    @Test
    void findsTheLatestTickMissedInBetween() {
        CronSchedule hourly = CronSchedule.parse("0 * * * *", UTC);

        assertThat(hourly.latestBetween(Instant.parse("2026-12-01T07:00:00Z"), Instant.parse("2026-12-01T10:30:00Z")))
                .contains(Instant.parse("2026-12-01T10:00:00Z"));
        assertThat(hourly.latestBetween(Instant.parse("2026-12-01T10:00:00Z"), Instant.parse("2026-12-01T10:30:00Z")))
                .isEmpty();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "*/5 * *           | has 3 fields (expected: 5, minute first, or 6 with seconds first)",
                "61 * * * *        | is invalid",
                "@every 1m         | is not supported",
                "''                | has 0 fields",
            })
    void refusesWhatIsNotACronExpression(String text, String message) {
        assertThatThrownBy(() -> CronSchedule.parse(text, UTC))
                .isInstanceOf(InvalidScheduleException.class)
                .hasMessageStartingWith("schedule: \"" + text + "\"")
                .hasMessageContaining(message);
    }
}
