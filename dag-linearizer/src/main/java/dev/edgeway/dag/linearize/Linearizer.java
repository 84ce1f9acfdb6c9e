package dev.edgeway.dag.linearize;

import dev.edgeway.dag.model.Dag;
import dev.edgeway.dag.model.Step;
import dev.edgeway.dag.model.StepGraph;
import org.jspecify.annotations.Nullable;

/**
 * Linearizes a valid DAG into a {@link Chain} with Kahn's algorithm: every edge is looked at once
 * and every step goes once through a heap of the ready steps, so O(E + V log R) for at most R
 * steps ready at once (O(V + E) for a bounded R, as in a chain or a narrow DAG). Among the steps ready at the same time, the one
 * with the <b>highest</b> {@code priority} goes first; equal priorities go in declaration order.
 * So the same definition always gives the same chain, and with all priorities equal a step never
 * overtakes an earlier declared step that is ready at the same time.
 */
public final class Linearizer {

    /**
     * @throws IllegalArgumentException if the definition is not valid (empty, duplicate ids,
     *     unknown or repeated parents, a cycle): validate it with {@code DagValidator} first
     */
    public Chain linearize(Dag dag) {
        StepGraph graph = StepGraph.of(dag);
        requireWellFormed(dag, graph);
        int n = graph.size();
        int[] priority = new int[n];
        int[] waiting = new int[n];
        int[] lastParent = new int[n];
        ReadyHeap ready = new ReadyHeap(priority);
        for (int i = 0; i < n; i++) {
            priority[i] = graph.step(i).priority();
            waiting[i] = graph.parentCount(i);
            lastParent[i] = -1;
        }
        for (int i = 0; i < n; i++) {
            if (waiting[i] == 0) {
                ready.add(i);
            }
        }
        int[] order = new int[n];
        int[] rivals = new int[n];
        int placed = 0;
        while (!ready.isEmpty()) {
            int v = ready.poll();
            rivals[placed] = ready.peek();
            order[placed++] = v;
            for (int k = 0; k < graph.childCount(v); k++) {
                int w = graph.child(v, k);
                if (--waiting[w] == 0) {
                    lastParent[w] = v;
                    ready.add(w);
                }
            }
        }
        if (placed < n) {
            throw new IllegalArgumentException("steps: " + (n - placed)
                    + " steps on or after a cycle (expected: a DAG; DagValidator lists the cycles)");
        }
        @Nullable ChainLink next = null;
        for (int pos = n - 1; pos >= 0; pos--) {
            int v = order[pos];
            next = new ChainLink(pos, graph.step(v), placement(graph, v, lastParent[v], rivals[pos]), next);
        }
        return new Chain(dag.name(), java.util.Objects.requireNonNull(next, "first"), n);
    }

    private static Placement placement(StepGraph graph, int v, int parent, int rival) {
        Step step = graph.step(v);
        Placement.Rule rule;
        if (rival < 0) {
            rule = parent < 0 ? Placement.Rule.NO_PARENTS : Placement.Rule.AFTER_LAST_PARENT;
        } else {
            rule = graph.step(rival).priority() != step.priority()
                    ? Placement.Rule.PRIORITY
                    : Placement.Rule.DECLARATION_ORDER;
        }
        Step rivalStep = rival < 0 ? null : graph.step(rival);
        return new Placement(
                step.id(),
                rule,
                parent < 0 ? null : graph.step(parent).id(),
                rivalStep == null ? null : rivalStep.id(),
                step.priority(),
                rivalStep == null ? 0 : rivalStep.priority(),
                v,
                rival);
    }

    private static void requireWellFormed(Dag dag, StepGraph graph) {
        if (graph.size() == 0) {
            throw new IllegalArgumentException("steps: none (expected: at least one step)");
        }
        for (int i = 0; i < graph.size(); i++) {
            Step step = graph.step(i);
            if (graph.indexOf(step.id()) != i) {
                throw new IllegalArgumentException("steps[" + i + "].id: " + step.id() + " (expected: unique)");
            }
            if (graph.parentCount(i) != step.after().size()) {
                throw new IllegalArgumentException("steps[" + i + "] (" + step.id() + ").after: " + step.after()
                        + " (expected: distinct ids of other steps in " + dag.name() + ")");
            }
        }
    }
}
