package dev.edgeway.sdk.examples;

import java.util.Arrays;
import java.util.Locale;

/**
 * What to compute over a window's values. Variance and standard deviation are the population's
 * (numpy's default, ddof=0).
 */
public enum Aggregation {
    MEAN,
    SUM,
    MAX,
    MIN,
    STD,
    VAR,
    MEDIAN;

    /** The aggregation named in a request, such as {@code "mean"}. */
    public static Aggregation parse(String name) {
        try {
            return valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "aggregation: " + name + " (expected: one of mean, sum, max, min, std, var, median)");
        }
    }

    /** The aggregate of a non-empty array of values. */
    public double apply(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("values: empty (expected: at least one value)");
        }
        return switch (this) {
            case MEAN -> sum(values) / values.length;
            case SUM -> sum(values);
            case MAX -> Arrays.stream(values).max().orElseThrow();
            case MIN -> Arrays.stream(values).min().orElseThrow();
            case VAR -> variance(values);
            case STD -> Math.sqrt(variance(values));
            case MEDIAN -> median(values);
        };
    }

    /** The name used in requests and results. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    private static double sum(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum;
    }

    private static double variance(double[] values) {
        double mean = sum(values) / values.length;
        double squares = 0;
        for (double v : values) {
            squares += (v - mean) * (v - mean);
        }
        return squares / values.length;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
