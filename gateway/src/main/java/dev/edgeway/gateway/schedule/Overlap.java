package dev.edgeway.gateway.schedule;

import java.util.Locale;

/** What a tick does while the schedule's previous call still runs. */
enum Overlap {
    /** The tick is skipped and recorded as such (the default). */
    SKIP,
    /** The tick calls the function anyway. */
    ALLOW;

    static Overlap parse(String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "skip" -> SKIP;
            case "allow" -> ALLOW;
            default ->
                throw new InvalidScheduleException(
                        ScheduleAnnotations.OVERLAP + ": \"" + value + "\" is invalid (expected: skip or allow)");
        };
    }
}
