package dev.edgeway.storage.variable;

/** A value above the configured maximum size. */
public class ValueTooLargeException extends RuntimeException {

    private final long maxSize;

    public ValueTooLargeException(long size, long maxSize) {
        super("value: " + (size < 0 ? "more than " + maxSize : size) + " bytes (expected: at most " + maxSize
                + " bytes)");
        this.maxSize = maxSize;
    }

    public long maxSize() {
        return maxSize;
    }
}
