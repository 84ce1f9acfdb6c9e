package dev.edgeway.dag.linearize;

import dev.edgeway.dag.model.Step;
import dev.edgeway.dag.model.StepId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One link of a {@link Chain}: its step, the ids of the step's parents (all placed earlier in
 * the chain), why it was placed here, and the next link. Not a record: a record's generated
 * {@code toString} and {@code equals} would walk the rest of the chain recursively.
 */
public final class ChainLink {

    private final int position;
    private final Step step;
    private final Placement placement;
    private final @Nullable ChainLink next;

    ChainLink(int position, Step step, Placement placement, @Nullable ChainLink next) {
        this.position = position;
        this.step = Objects.requireNonNull(step, "step");
        this.placement = Objects.requireNonNull(placement, "placement");
        this.next = next;
    }

    /** 0 for the first link. */
    public int position() {
        return position;
    }

    public Step step() {
        return step;
    }

    public StepId id() {
        return step.id();
    }

    /** The parents' ids in the order the step declares them. */
    public List<StepId> parents() {
        return step.after();
    }

    public Placement placement() {
        return placement;
    }

    public Optional<ChainLink> next() {
        return Optional.ofNullable(next);
    }

    @Nullable
    ChainLink nextOrNull() {
        return next;
    }

    @Override
    public String toString() {
        return "ChainLink[" + position + ": " + step.id() + " after " + parents() + "]";
    }
}
