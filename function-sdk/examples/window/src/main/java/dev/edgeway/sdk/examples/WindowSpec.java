package dev.edgeway.sdk.examples;

import java.util.Locale;

/**
 * Which windows to cut a series into.
 *
 * <ul>
 *   <li>{@code tumbling(size)}: back-to-back windows {@code [k*size, (k+1)*size)};
 *   <li>{@code hopping(size, hop)}: windows {@code [k*hop, k*hop+size)}, overlapping when
 *       {@code hop < size};
 *   <li>{@code sliding(size)}: one window per point, ending at it: {@code (t-size, t]}, like
 *       pandas' {@code rolling} on a time index with {@code min_periods=1};
 *   <li>{@code session(gap)}: runs of points whose neighbours are at most {@code gap} apart.
 * </ul>
 *
 * @param type {@code tumbling}, {@code hopping}, {@code sliding} or {@code session}
 * @param size the window's length (tumbling, hopping, sliding)
 * @param hop the distance between window starts (hopping)
 * @param gap the largest gap inside a session (session)
 */
public record WindowSpec(String type, double size, double hop, double gap) {

    /** Validates the parameters that the type needs. */
    public WindowSpec {
        type = type.strip().toLowerCase(Locale.ROOT);
        switch (type) {
            case "tumbling", "sliding" -> positive("size", size);
            case "hopping" -> {
                positive("size", size);
                positive("hop", hop);
            }
            case "session" -> positive("gap", gap);
            default ->
                throw new IllegalArgumentException(
                        "window.type: " + type + " (expected: tumbling, hopping, sliding or session)");
        }
    }

    private static void positive(String field, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("window." + field + ": " + value + " (expected: > 0)");
        }
    }
}
