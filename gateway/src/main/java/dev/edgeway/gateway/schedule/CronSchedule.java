package dev.edgeway.gateway.schedule;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.Optional;
import org.springframework.scheduling.support.CronExpression;

/**
 * A cron expression in a time zone. cron-connector's expressions have 5 fields (minute first);
 * Spring's {@link CronExpression} wants 6 (second first), so a 5-field expression runs at second
 * 0. A 6-field expression is taken as it is: Edgeway's extension, for schedules below a minute.
 *
 * @param text the expression as annotated
 * @param zone the zone in which the fields are read
 */
record CronSchedule(String text, CronExpression expression, ZoneId zone) {

    /** How many ticks a catch-up walks at most to find the latest missed one. */
    private static final int MAX_WALK = 1_000_000;

    CronSchedule {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(expression, "expression");
        Objects.requireNonNull(zone, "zone");
    }

    /** Parses an expression; {@link InvalidScheduleException} says what is wrong with it. */
    static CronSchedule parse(String text, ZoneId zone) {
        String trimmed = text.strip();
        if (trimmed.startsWith("@every")) {
            throw new InvalidScheduleException("schedule: \"" + text
                    + "\" is not supported (expected: a cron expression of 5 fields, or 6 with seconds first)");
        }
        int fields = trimmed.isEmpty() ? 0 : trimmed.split("\\s+").length;
        String spring =
                switch (fields) {
                    case 5 -> "0 " + trimmed;
                    case 6 -> trimmed;
                    default -> {
                        if (fields == 1 && trimmed.startsWith("@")) {
                            yield trimmed; // @hourly, @daily, ... as robfig/cron knows them
                        }
                        throw new InvalidScheduleException("schedule: \"" + text + "\" has " + fields
                                + " fields (expected: 5, minute first, or 6 with seconds first)");
                    }
                };
        try {
            return new CronSchedule(text, CronExpression.parse(spring), zone);
        } catch (IllegalArgumentException e) {
            throw new InvalidScheduleException("schedule: \"" + text + "\" is invalid: " + e.getMessage()
                    + " (expected: a cron expression of 5 fields, or 6 with seconds first)");
        }
    }

    /** The first tick strictly after {@code after}, or empty when there is none (a date that never comes). */
    Optional<Instant> next(Instant after) {
        ZonedDateTime next = expression.next(after.atZone(zone));
        return Optional.ofNullable(next).map(ZonedDateTime::toInstant);
    }

    /** The latest tick in {@code (after, now]}, or empty when none fell in between. */
    Optional<Instant> latestBetween(Instant after, Instant now) {
        Optional<Instant> latest = Optional.empty();
        Optional<Instant> candidate = next(after);
        for (int i = 0;
                i < MAX_WALK && candidate.isPresent() && !candidate.get().isAfter(now);
                i++) {
            latest = candidate;
            candidate = next(candidate.get());
        }
        return latest;
    }
}
