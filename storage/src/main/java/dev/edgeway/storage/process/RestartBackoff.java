package dev.edgeway.storage.process;

import java.time.Duration;
import java.util.Objects;

/**
 * The pause before a child process is started again: it doubles from {@code first} up to
 * {@code max} while the child keeps failing, so a crash-looping child cannot burn the CPU, and
 * falls back to {@code first} once a run lasted {@code stable} or longer. It only computes the
 * pause; the caller schedules the restart on a timer, never sleeping while it holds a lock.
 * Not thread-safe: it belongs to the one child whose lock guards it.
 */
public final class RestartBackoff {

    private final Duration first;
    private final Duration max;
    private final Duration stable;
    private Duration next;

    public RestartBackoff(Duration first, Duration max, Duration stable) {
        this.first = Objects.requireNonNull(first, "first");
        this.max = Objects.requireNonNull(max, "max");
        this.stable = Objects.requireNonNull(stable, "stable");
        if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException(
                    "backoff: first " + first + ", max " + max + " (expected: 0 < first <= max)");
        }
        this.next = first;
    }

    /** The pause after a start that failed before the child ran. */
    public Duration afterFailedStart() {
        Duration delay = next;
        next = next.multipliedBy(2).compareTo(max) > 0 ? max : next.multipliedBy(2);
        return delay;
    }

    /** The pause after a child that ran for {@code ran} exited. */
    public Duration afterExit(Duration ran) {
        if (ran.compareTo(stable) >= 0) {
            next = first;
        }
        return afterFailedStart();
    }
}
