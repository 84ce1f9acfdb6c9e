package dev.edgeway.dag.model;

import java.util.List;
import java.util.Objects;

/**
 * A pipeline definition: its name, its steps in declaration order, and a free description of
 * the input it expects (empty when not given). Declaration order matters: it breaks ties
 * between steps of equal priority when the DAG is linearized.
 */
public record Dag(String name, List<Step> steps, String input) {

    public Dag {
        Objects.requireNonNull(name, "name");
        steps = List.copyOf(steps);
        Objects.requireNonNull(input, "input");
    }

    public static Dag of(String name, List<Step> steps) {
        return new Dag(name, steps, "");
    }
}
