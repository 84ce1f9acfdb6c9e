package dev.edgeway.dag.render;

import dev.edgeway.dag.linearize.Chain;
import dev.edgeway.dag.linearize.ChainLink;
import dev.edgeway.dag.model.Dag;
import dev.edgeway.dag.model.Step;
import dev.edgeway.dag.model.StepGraph;
import dev.edgeway.dag.model.StepId;

/**
 * Mermaid flowcharts (https://mermaid.js.org/syntax/flowchart.html) of a DAG and of its chain.
 * Nodes get generated ids ({@code s0}, {@code s1}, ...) and show the step id and target as a
 * quoted label with Mermaid's entity codes, so no step id or URL can break out of its label or
 * collide with a Mermaid keyword such as {@code end}.
 */
public final class MermaidRenderer {

    /** {@code flowchart TD} with one node per step (in declaration order) and one edge per parent. */
    public String renderDag(Dag dag) {
        StringBuilder text = new StringBuilder("flowchart TD\n");
        StepGraph graph = StepGraph.of(dag);
        for (int i = 0; i < graph.size(); i++) {
            node(text, "s" + i, graph.step(i));
        }
        for (int i = 0; i < graph.size(); i++) {
            for (StepId parent : graph.step(i).after()) {
                int from = graph.indexOf(parent);
                if (from >= 0) {
                    text.append("    s").append(from).append(" --> s").append(i).append('\n');
                }
            }
        }
        return text.toString();
    }

    /** {@code flowchart LR}: the steps in chain order, each linked to the next. */
    public String renderChain(Chain chain) {
        StringBuilder text = new StringBuilder("flowchart LR\n");
        for (ChainLink link : chain) {
            node(text, "c" + link.position(), link.step());
        }
        for (ChainLink link : chain) {
            link.next().ifPresent(next -> text.append("    c")
                    .append(link.position())
                    .append(" --> c")
                    .append(next.position())
                    .append('\n'));
        }
        return text.toString();
    }

    private static void node(StringBuilder text, String node, Step step) {
        text.append("    ")
                .append(node)
                .append("[\"")
                .append(escape(step.id().value()))
                .append("<br/>")
                .append(escape(step.target().describe()))
                .append("\"]\n");
    }

    /** Mermaid entity codes for every character that could end or reinterpret a quoted label. */
    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> escaped.append("#quot;");
                case '#' -> escaped.append("#35;");
                case '<' -> escaped.append("#lt;");
                case '>' -> escaped.append("#gt;");
                case '&' -> escaped.append("#amp;");
                case '\n', '\r' -> escaped.append(' ');
                default -> {
                    if (c == '[' || c == ']' || c == '{' || c == '}' || c == '(' || c == ')' || c == '|' || c == '`') {
                        escaped.append('#').append((int) c).append(';');
                    } else {
                        escaped.append(c);
                    }
                }
            }
        }
        return escaped.toString();
    }
}
