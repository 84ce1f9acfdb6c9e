package dev.edgeway.dag.validate;

import dev.edgeway.dag.model.StepGraph;
import dev.edgeway.dag.model.StepId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Lists every elementary cycle once, with Johnson's algorithm (SIAM J. Comput. 4(1), 1975):
 * within each strongly connected component, the cycles through its earliest declared step, then
 * that step is removed and the rest split into components again. Johnson's bound is
 * O((V + E)(C + 1)) for C cycles, so stopping after {@code limit} cycles bounds the work. No
 * recursion: a cycle of a million steps must not overflow the stack.
 */
final class CycleFinder {

    private final StepGraph graph;
    private final int limit;
    private final int[] member;
    private final StrongComponents components;
    private final boolean[] blocked;
    private final Map<Integer, Set<Integer>> blockedBy = new HashMap<>();
    private final List<List<StepId>> cycles = new ArrayList<>();
    private int stamp;

    CycleFinder(StepGraph graph, int limit) {
        this.graph = graph;
        this.limit = limit;
        this.member = new int[graph.size()];
        this.components = new StrongComponents(graph, member);
        this.blocked = new boolean[graph.size()];
    }

    /** The cycles among {@code nodes} (ascending), at most {@code limit + 1} to tell there are more. */
    List<List<StepId>> find(int[] nodes) {
        PriorityQueue<int[]> work = new PriorityQueue<>(Comparator.comparingInt(c -> c[0]));
        work.addAll(split(nodes));
        while (!work.isEmpty() && cycles.size() <= limit) {
            int[] component = work.poll();
            int start = component[0];
            stamp++;
            for (int node : component) {
                member[node] = stamp;
                blocked[node] = false;
            }
            blockedBy.clear();
            circuitsThrough(start, component.length);
            work.addAll(split(Arrays.copyOfRange(component, 1, component.length)));
        }
        return cycles;
    }

    private List<int[]> split(int[] nodes) {
        stamp++;
        for (int node : nodes) {
            member[node] = stamp;
        }
        return components.nontrivial(nodes, stamp);
    }

    private void circuitsThrough(int start, int size) {
        int[] path = new int[size];
        int[] edge = new int[size];
        boolean[] found = new boolean[size];
        int depth = 0;
        path[depth] = start;
        edge[depth] = 0;
        found[depth] = false;
        depth++;
        blocked[start] = true;
        while (depth > 0) {
            int top = depth - 1;
            int v = path[top];
            if (edge[top] < graph.childCount(v)) {
                int w = graph.child(v, edge[top]++);
                if (member[w] != stamp) {
                    continue;
                }
                if (w == start) {
                    record(path, depth);
                    found[top] = true;
                    if (cycles.size() > limit) {
                        return;
                    }
                } else if (!blocked[w]) {
                    blocked[w] = true;
                    path[depth] = w;
                    edge[depth] = 0;
                    found[depth] = false;
                    depth++;
                }
                continue;
            }
            if (found[top]) {
                unblock(v);
            } else {
                for (int k = 0; k < graph.childCount(v); k++) {
                    int w = graph.child(v, k);
                    if (member[w] == stamp) {
                        blockedBy.computeIfAbsent(w, x -> new LinkedHashSet<>()).add(v);
                    }
                }
            }
            depth--;
            if (depth > 0 && found[top]) {
                found[depth - 1] = true;
            }
        }
    }

    private void unblock(int node) {
        ArrayDeque<Integer> pending = new ArrayDeque<>();
        pending.push(node);
        while (!pending.isEmpty()) {
            int u = pending.pop();
            if (!blocked[u]) {
                continue;
            }
            blocked[u] = false;
            Set<Integer> waiting = blockedBy.remove(u);
            if (waiting != null) {
                waiting.forEach(pending::push);
            }
        }
    }

    private void record(int[] path, int length) {
        List<StepId> cycle = new ArrayList<>(length + 1);
        for (int i = 0; i < length; i++) {
            cycle.add(graph.step(path[i]).id());
        }
        cycle.add(graph.step(path[0]).id());
        cycles.add(cycle);
    }
}
