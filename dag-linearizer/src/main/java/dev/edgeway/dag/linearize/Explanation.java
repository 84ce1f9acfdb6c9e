package dev.edgeway.dag.linearize;

import java.util.ArrayList;
import java.util.List;

/** For a dry run: the rule that placed each step of a chain, in chain order. */
public record Explanation(List<Placement> placements) {

    public Explanation {
        placements = List.copyOf(placements);
    }

    /** One numbered line per step, e.g. {@code 2. recognize-a: after its last parent evaluate, ...}. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>(placements.size());
        for (int i = 0; i < placements.size(); i++) {
            Placement placement = placements.get(i);
            lines.add((i + 1) + ". " + placement.step() + ": " + placement.message());
        }
        return lines;
    }
}
