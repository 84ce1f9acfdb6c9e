package dev.edgeway.storage.task;

/** The condition a write puts on the current revision: from {@code If-Match} and {@code If-None-Match}. */
public sealed interface Precondition {

    /** No condition: an unconditional write. */
    Precondition NONE = new None();

    /** {@code If-None-Match: *}: only if there is no current value. */
    Precondition ABSENT = new Absent();

    /** {@code If-Match: *}: only if there is a current value. */
    Precondition PRESENT = new Present();

    static Precondition revision(long revision) {
        return new Revision(revision);
    }

    /** No condition. */
    record None() implements Precondition {}

    /** Only if absent. */
    record Absent() implements Precondition {}

    /** Only if present. */
    record Present() implements Precondition {}

    /**
     * Only if the current revision is this one.
     *
     * @param revision the expected revision
     */
    record Revision(long revision) implements Precondition {}
}
