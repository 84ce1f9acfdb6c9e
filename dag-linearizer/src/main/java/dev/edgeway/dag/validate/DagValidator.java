package dev.edgeway.dag.validate;

import dev.edgeway.dag.model.Dag;
import dev.edgeway.dag.model.StepGraph;
import dev.edgeway.dag.model.StepId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Checks a pipeline definition and reports every problem at once, in a stable order: the name,
 * the step count, each step in declaration order, then the depth or the cycles. An empty list
 * means the definition can be linearized and run. Runs in O(V + E), plus the bounded work of
 * listing cycles when there are any.
 */
public final class DagValidator {

    private final Limits limits;

    public DagValidator() {
        this(Limits.DEFAULT);
    }

    public DagValidator(Limits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    public List<Violation> validate(Dag dag) {
        List<Violation> out = new ArrayList<>();
        if (!DnsLabel.isValid(dag.name())) {
            out.add(new Violation.InvalidName("name", dag.name(), DnsLabel.EXPECTED));
        }
        if (dag.steps().isEmpty()) {
            out.add(new Violation.EmptyPipeline());
            return List.copyOf(out);
        }
        if (dag.steps().size() > limits.maxSteps()) {
            out.add(new Violation.LimitExceeded("steps", dag.steps().size(), limits.maxSteps()));
        }
        StepGraph graph = StepGraph.of(dag);
        for (int i = 0; i < graph.size(); i++) {
            StepChecks.check(graph, i, out);
        }
        checkDepthAndCycles(graph, out);
        return List.copyOf(out);
    }

    /**
     * Kahn's algorithm gives the depth of each step (1 + the deepest parent). Steps it cannot
     * reach are on a cycle or after one; the cycles are searched among those steps only.
     */
    private void checkDepthAndCycles(StepGraph graph, List<Violation> out) {
        int n = graph.size();
        int[] waiting = new int[n];
        int[] depth = new int[n];
        int[] queue = new int[n];
        int tail = 0;
        for (int i = 0; i < n; i++) {
            waiting[i] = graph.parentCount(i);
            if (waiting[i] == 0) {
                queue[tail++] = i;
                depth[i] = 1;
            }
        }
        int maxDepth = 0;
        for (int head = 0; head < tail; head++) {
            int v = queue[head];
            maxDepth = Math.max(maxDepth, depth[v]);
            for (int k = 0; k < graph.childCount(v); k++) {
                int w = graph.child(v, k);
                depth[w] = Math.max(depth[w], depth[v] + 1);
                if (--waiting[w] == 0) {
                    queue[tail++] = w;
                }
            }
        }
        if (tail == n) {
            if (maxDepth > limits.maxDepth()) {
                out.add(new Violation.LimitExceeded("depth", maxDepth, limits.maxDepth()));
            }
            return;
        }
        int[] stuck = new int[n - tail];
        int s = 0;
        for (int i = 0; i < n; i++) {
            if (waiting[i] > 0) {
                stuck[s++] = i;
            }
        }
        List<List<StepId>> cycles = new CycleFinder(graph, limits.maxReportedCycles()).find(stuck);
        cycles.stream().limit(limits.maxReportedCycles()).forEach(c -> out.add(new Violation.Cycle(c)));
        if (cycles.size() > limits.maxReportedCycles()) {
            out.add(new Violation.MoreCycles(limits.maxReportedCycles()));
        }
    }
}
