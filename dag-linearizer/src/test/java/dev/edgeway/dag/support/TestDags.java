package dev.edgeway.dag.support;

import dev.edgeway.dag.model.Dag;
import dev.edgeway.dag.model.FunctionTarget;
import dev.edgeway.dag.model.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Small definitions for tests: each step calls a function named like the step. */
public final class TestDags {

    private TestDags() {}

    /** A step calling function {@code id}, after {@code parents}. */
    public static Step step(String id, String... parents) {
        return Step.of(id, new FunctionTarget(id, null)).withAfter(parents);
    }

    public static Dag dag(Step... steps) {
        return Dag.of("test", List.of(steps));
    }

    /**
     * {@code size} steps {@code s0, s1, ...}; step i runs after up to {@code edges} distinct
     * random earlier steps among the previous {@code window}, so the graph is acyclic and its
     * depth stays about size / (window / edges).
     */
    public static Dag random(int size, int edges, int window, long seed) {
        Random random = new Random(seed);
        List<Step> steps = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            int count = Math.min(i, edges);
            List<String> parents = new ArrayList<>(count);
            while (parents.size() < count) {
                int parent = i - 1 - random.nextInt(Math.min(i, window));
                String id = "s" + parent;
                if (!parents.contains(id)) {
                    parents.add(id);
                }
            }
            steps.add(step("s" + i, parents.toArray(String[]::new)));
        }
        return Dag.of("random", steps);
    }
}
