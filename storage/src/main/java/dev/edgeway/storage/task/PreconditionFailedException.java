package dev.edgeway.storage.task;

import org.jspecify.annotations.Nullable;

/** A conditional write whose condition did not hold; nothing was changed. */
public class PreconditionFailedException extends RuntimeException {

    private final @Nullable Long currentRevision;

    public PreconditionFailedException(String what, Precondition expected, @Nullable Long currentRevision) {
        super(what + ": revision " + (currentRevision == null ? "absent" : currentRevision) + " (expected: "
                + describe(expected) + ")");
        this.currentRevision = currentRevision;
    }

    /** The revision found, or null when there was no current value. */
    public @Nullable Long currentRevision() {
        return currentRevision;
    }

    private static String describe(Precondition expected) {
        return switch (expected) {
            case Precondition.Revision r -> "revision " + r.revision();
            case Precondition.Absent a -> "absent";
            case Precondition.Present p -> "present";
            case Precondition.None n -> "any";
        };
    }
}
