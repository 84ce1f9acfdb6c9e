package dev.edgeway.dag.linearize;

import dev.edgeway.dag.model.StepId;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Why a step is where it is in the chain: the rule that placed it, the parent whose completion
 * made it ready ({@code null} when it has no parents), and the best other ready step it was
 * chosen over ({@code null} when it was the only one ready). Indices are declaration indices.
 */
public record Placement(
        StepId step,
        Rule rule,
        @Nullable StepId lastParent,
        @Nullable StepId rival,
        int priority,
        int rivalPriority,
        int index,
        int rivalIndex) {

    /** The rule that decided a step's place. */
    public enum Rule {
        /** No parents, and no other step was ready. */
        NO_PARENTS,
        /** Ready once its last parent was placed, and no other step was ready. */
        AFTER_LAST_PARENT,
        /** Other steps were ready; this one has the highest priority. */
        PRIORITY,
        /** Other steps of the same priority were ready; this one is declared first. */
        DECLARATION_ORDER
    }

    public Placement {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(rule, "rule");
    }

    /** E.g. {@code after its last parent evaluate; tie with b broken by declaration order (steps[1] before steps[2])}. */
    public String message() {
        String ready = lastParent == null ? "no parents" : "after its last parent " + lastParent;
        return switch (rule) {
            case NO_PARENTS, AFTER_LAST_PARENT -> ready + ", the only step ready";
            case PRIORITY ->
                ready + "; tie with " + rival + " broken by priority (" + priority + " > " + rivalPriority + ")";
            case DECLARATION_ORDER ->
                ready + "; tie with " + rival + " broken by declaration order (steps[" + index + "] before steps["
                        + rivalIndex + "])";
        };
    }
}
