package dev.edgeway.dag.render;

import static dev.edgeway.dag.support.TestDags.dag;
import static dev.edgeway.dag.support.TestDags.step;
import static org.assertj.core.api.Assertions.assertThat;

import dev.edgeway.dag.linearize.Linearizer;
import dev.edgeway.dag.model.Dag;
import dev.edgeway.dag.model.HttpTarget;
import dev.edgeway.dag.model.Step;
import java.util.List;
import org.junit.jupiter.api.Test;

class MermaidRendererTest {

    private final MermaidRenderer renderer = new MermaidRenderer();
    private final Dag diamond = dag(step("a"), step("b", "a"), step("c", "a"), step("d", "b", "c"));

    @Test
    void rendersTheDagTopDownWithOneEdgePerParent() {
        assertThat(renderer.renderDag(diamond)).isEqualTo("""
                        flowchart TD
                            s0["a<br/>function: a"]
                            s1["b<br/>function: b"]
                            s2["c<br/>function: c"]
                            s3["d<br/>function: d"]
                            s0 --> s1
                            s0 --> s2
                            s1 --> s3
                            s2 --> s3
                        """);
    }

    @Test
    void rendersTheChainAsOneLine() {
        assertThat(renderer.renderChain(new Linearizer().linearize(diamond))).isEqualTo("""
                        flowchart LR
                            c0["a<br/>function: a"]
                            c1["b<br/>function: b"]
                            c2["c<br/>function: c"]
                            c3["d<br/>function: d"]
                            c0 --> c1
                            c1 --> c2
                            c2 --> c3
                        """);
    }

    @Test
    void escapesLabelsSoNoTextCanBreakOutOfThem() {
        Dag dag = Dag.of("p", List.of(Step.of("end\"]; click x", new HttpTarget("http://h/?a=1&b=<2>#top"))));
        assertThat(renderer.renderDag(dag)).isEqualTo("""
                        flowchart TD
                            s0["end#quot;#93;; click x<br/>http: http://h/?a=1#amp;b=#lt;2#gt;#35;top"]
                        """);
    }

    @Test
    void leavesOutEdgesToUnknownSteps() {
        assertThat(renderer.renderDag(dag(step("a", "ghost")))).doesNotContain("-->");
    }
}
