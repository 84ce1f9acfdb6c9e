package dev.edgeway.dag.model;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A DAG's steps numbered by declaration index, with parent and child edges in compact arrays so
 * that graph algorithms run in O(V + E) without boxing. Edges go from parent to child. It is
 * built from any definition, valid or not: a duplicate id resolves to its first declaration, and
 * references to unknown steps, self-references and repeated parents are left out (the validator
 * reports them).
 */
public final class StepGraph {

    private final List<Step> steps;
    private final Map<StepId, Integer> indexById;
    private final int[] parentStart;
    private final int[] parents;
    private final int[] childStart;
    private final int[] children;

    private StepGraph(List<Step> steps) {
        this.steps = steps;
        int n = steps.size();
        indexById = HashMap.newHashMap(n);
        for (int i = 0; i < n; i++) {
            indexById.putIfAbsent(steps.get(i).id(), i);
        }
        parentStart = new int[n + 1];
        int[] resolved = new int[steps.stream().mapToInt(s -> s.after().size()).sum()];
        int[] seen = new int[n];
        int edges = 0;
        for (int i = 0; i < n; i++) {
            parentStart[i] = edges;
            for (StepId parentId : steps.get(i).after()) {
                Integer parent = indexById.get(parentId);
                if (parent != null && parent != i && seen[parent] != i + 1) {
                    seen[parent] = i + 1;
                    resolved[edges++] = parent;
                }
            }
        }
        parentStart[n] = edges;
        parents = Arrays.copyOf(resolved, edges);
        childStart = new int[n + 1];
        for (int parent : parents) {
            childStart[parent + 1]++;
        }
        for (int i = 0; i < n; i++) {
            childStart[i + 1] += childStart[i];
        }
        children = new int[edges];
        int[] fill = Arrays.copyOf(childStart, n);
        for (int child = 0; child < n; child++) {
            for (int k = parentStart[child]; k < parentStart[child + 1]; k++) {
                children[fill[parents[k]]++] = child;
            }
        }
    }

    public static StepGraph of(Dag dag) {
        return new StepGraph(dag.steps());
    }

    public int size() {
        return steps.size();
    }

    public Step step(int index) {
        return steps.get(index);
    }

    /** The declaration index of the step with this id (its first declaration), or -1. */
    public int indexOf(StepId id) {
        return indexById.getOrDefault(id, -1);
    }

    public int parentCount(int step) {
        return parentStart[step + 1] - parentStart[step];
    }

    public int parent(int step, int k) {
        return parents[parentStart[step] + k];
    }

    public int childCount(int step) {
        return childStart[step + 1] - childStart[step];
    }

    public int child(int step, int k) {
        return children[childStart[step] + k];
    }
}
