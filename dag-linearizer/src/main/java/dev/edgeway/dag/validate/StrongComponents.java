package dev.edgeway.dag.validate;

import dev.edgeway.dag.model.StepGraph;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Tarjan's strongly connected components over the part of a graph whose nodes carry the current
 * stamp, without recursion so that a long cycle cannot overflow the stack. The arrays are reused
 * from one call to the next; each call touches only the nodes it is given.
 */
final class StrongComponents {

    private final StepGraph graph;
    private final int[] member;
    private final int[] index;
    private final int[] low;
    private final int[] edge;
    private final boolean[] onStack;
    private final int[] stack;
    private final int[] calls;

    StrongComponents(StepGraph graph, int[] member) {
        this.graph = graph;
        this.member = member;
        int n = graph.size();
        index = new int[n];
        low = new int[n];
        edge = new int[n];
        onStack = new boolean[n];
        stack = new int[n];
        calls = new int[n];
        Arrays.fill(index, -1);
    }

    /** The components with more than one node among {@code nodes}, whose member stamp is {@code stamp}. */
    List<int[]> nontrivial(int[] nodes, int stamp) {
        for (int node : nodes) {
            index[node] = -1;
        }
        List<int[]> components = new ArrayList<>();
        int counter = 0;
        int top = 0;
        for (int root : nodes) {
            if (index[root] >= 0) {
                continue;
            }
            int depth = 0;
            calls[depth++] = root;
            index[root] = low[root] = counter++;
            edge[root] = 0;
            stack[top++] = root;
            onStack[root] = true;
            while (depth > 0) {
                int v = calls[depth - 1];
                if (edge[v] < graph.childCount(v)) {
                    int w = graph.child(v, edge[v]++);
                    if (member[w] != stamp) {
                        continue;
                    }
                    if (index[w] < 0) {
                        index[w] = low[w] = counter++;
                        edge[w] = 0;
                        stack[top++] = w;
                        onStack[w] = true;
                        calls[depth++] = w;
                    } else if (onStack[w]) {
                        low[v] = Math.min(low[v], index[w]);
                    }
                    continue;
                }
                depth--;
                if (low[v] == index[v]) {
                    int start = top;
                    do {
                        start--;
                        onStack[stack[start]] = false;
                    } while (stack[start] != v);
                    if (top - start > 1) {
                        int[] component = Arrays.copyOfRange(stack, start, top);
                        Arrays.sort(component);
                        components.add(component);
                    }
                    top = start;
                }
                if (depth > 0) {
                    int parent = calls[depth - 1];
                    low[parent] = Math.min(low[parent], low[v]);
                }
            }
        }
        return components;
    }
}
