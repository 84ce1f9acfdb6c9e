package dev.edgeway.dag.validate;

/**
 * Bounds a definition must stay within. {@code maxDepth} counts the steps on the longest path;
 * {@code maxReportedCycles} bounds how many cycles are listed (a dense graph can hold
 * exponentially many), not how many a definition may have: it may have none.
 */
public record Limits(int maxSteps, int maxDepth, int maxReportedCycles) {

    /** 100 000 steps, depth 10 000, the first 100 cycles listed. */
    public static final Limits DEFAULT = new Limits(100_000, 10_000, 100);

    public Limits {
        requirePositive("maxSteps", maxSteps);
        requirePositive("maxDepth", maxDepth);
        requirePositive("maxReportedCycles", maxReportedCycles);
    }

    public Limits withMaxSteps(int steps) {
        return new Limits(steps, maxDepth, maxReportedCycles);
    }

    public Limits withMaxDepth(int depth) {
        return new Limits(maxSteps, depth, maxReportedCycles);
    }

    public Limits withMaxReportedCycles(int cycles) {
        return new Limits(maxSteps, maxDepth, cycles);
    }

    private static void requirePositive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
        }
    }
}
