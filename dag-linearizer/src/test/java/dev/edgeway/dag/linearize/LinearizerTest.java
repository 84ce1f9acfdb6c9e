package dev.edgeway.dag.linearize;

import static dev.edgeway.dag.support.TestDags.dag;
import static dev.edgeway.dag.support.TestDags.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgeway.dag.model.Dag;
import dev.edgeway.dag.model.Step;
import dev.edgeway.dag.model.StepId;
import dev.edgeway.dag.support.TestDags;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LinearizerTest {

    private final Linearizer linearizer = new Linearizer();

    private List<String> order(Dag dag) {
        return linearizer.linearize(dag).ids().stream().map(StepId::value).toList();
    }

    @Test
    void keepsAChainInItsOrderWhateverTheDeclarationOrder() {
        assertThat(order(dag(step("c", "b"), step("a"), step("b", "a")))).containsExactly("a", "b", "c");
    }

    @Test
    void placesDiamondBranchesInDeclarationOrder() {
        Chain chain = linearizer.linearize(dag(
                step("merge", "left", "right"), step("evaluate"), step("right", "evaluate"), step("left", "evaluate")));
        assertThat(chain.ids()).extracting(StepId::value).containsExactly("evaluate", "right", "left", "merge");
        assertThat(chain.size()).isEqualTo(4);
        ChainLink merge = chain.stream().toList().getLast();
        assertThat(merge.parents()).extracting(StepId::value).containsExactly("left", "right");
        assertThat(merge.next()).isEmpty();
        assertThat(merge.position()).isEqualTo(3);
    }

    @Test
    void linksEveryStepToTheNext() {
        Chain chain = linearizer.linearize(dag(step("a"), step("b", "a"), step("c", "b")));
        ChainLink first = chain.first();
        assertThat(first.id().value()).isEqualTo("a");
        assertThat(first.next().orElseThrow().id().value()).isEqualTo("b");
        assertThat(first.next().orElseThrow().next().orElseThrow().id().value()).isEqualTo("c");
    }

    @Test
    void handlesWideFanOutAndFanIn() {
        List<Step> steps = new ArrayList<>();
        steps.add(step("root"));
        List<String> middle = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            steps.add(step("m" + i, "root"));
            middle.add("m" + i);
        }
        steps.add(step("sink", middle.toArray(String[]::new)));
        List<String> order = order(Dag.of("wide", steps));
        assertThat(order).hasSize(1_002).startsWith("root", "m0", "m1").endsWith("m999", "sink");
    }

    @Test
    void placesDisconnectedPartsByDeclarationOrderAmongReadySteps() {
        assertThat(order(dag(step("x"), step("a"), step("y", "x"), step("b", "a"))))
                .containsExactly("x", "a", "y", "b");
    }

    @Test
    void placesHigherPriorityFirstAmongReadySteps() {
        Dag dag = dag(
                step("a"),
                step("low", "a").withPriority(-1),
                step("normal", "a"),
                step("urgent", "a").withPriority(10));
        assertThat(order(dag)).containsExactly("a", "urgent", "normal", "low");
    }

    @Test
    void priorityNeverOvertakesParents() {
        assertThat(order(dag(
                        step("a"), step("b", "a").withPriority(100), step("c").withPriority(5))))
                .containsExactly("c", "a", "b");
    }

    @Test
    void givesTheSameChainForTheSameDefinition() {
        Dag dag = TestDags.random(5_000, 4, 50, 11);
        assertThat(linearizer.linearize(dag).ids())
                .isEqualTo(linearizer.linearize(dag).ids());
    }

    @Test
    void shuffledDeclarationGivesPriorityThenDeclarationOrderAmongReadySteps() {
        Random random = new Random(3);
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            steps.add(step("s" + i, i < 10 ? new String[0] : new String[] {"s" + random.nextInt(10)})
                    .withPriority(random.nextInt(3)));
        }
        Collections.shuffle(steps, random);
        List<StepId> order = linearizer.linearize(Dag.of("shuffled", steps)).ids();
        Map<StepId, Integer> declared = new HashMap<>();
        Map<StepId, Step> byId = new HashMap<>();
        for (int i = 0; i < steps.size(); i++) {
            declared.put(steps.get(i).id(), i);
            byId.put(steps.get(i).id(), steps.get(i));
        }
        // Replaying Kahn's rule by hand: each placed step beats every other step ready at the time.
        List<StepId> placed = new ArrayList<>();
        for (StepId next : order) {
            for (Step other : steps) {
                boolean ready = !placed.contains(other.id())
                        && other.after().stream().allMatch(placed::contains)
                        && !other.id().equals(next);
                if (ready) {
                    Step chosen = byId.get(next);
                    boolean beats = chosen.priority() > other.priority()
                            || (chosen.priority() == other.priority() && declared.get(next) < declared.get(other.id()));
                    assertThat(beats).as("%s before %s", next, other.id()).isTrue();
                }
            }
            placed.add(next);
        }
    }

    @Test
    void linearizesOneHundredThousandSteps() {
        Chain chain = linearizer.linearize(TestDags.random(100_000, 4, 1_000, 5));
        assertThat(chain.size()).isEqualTo(100_000);
        assertThat(chain.first().id().value()).isEqualTo("s0");
        assertThat(chain.stream().count()).isEqualTo(100_000);
    }

    @Test
    void explainsWhichRulePlacedEachStep() {
        Dag dag = dag(step("a"), step("c", "a"), step("b", "a").withPriority(1), step("d", "c"), step("e", "b", "d"));
        assertThat(linearizer.linearize(dag).explanation().lines())
                .containsExactly(
                        "1. a: no parents, the only step ready",
                        "2. b: after its last parent a; tie with c broken by priority (1 > 0)",
                        "3. c: after its last parent a, the only step ready",
                        "4. d: after its last parent c, the only step ready",
                        "5. e: after its last parent d, the only step ready");
        assertThat(linearizer.linearize(dag(step("x"), step("y"))).explanation().lines())
                .containsExactly(
                        "1. x: no parents; tie with y broken by declaration order (steps[0] before steps[1])",
                        "2. y: no parents, the only step ready");
    }

    @Test
    void refusesDefinitionsTheValidatorWouldReject() {
        assertThatThrownBy(() -> linearizer.linearize(dag(step("a", "b"), step("b", "a"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("steps: 2 steps on or after a cycle (expected: a DAG; DagValidator lists the cycles)");
        assertThatThrownBy(() -> linearizer.linearize(dag(step("a", "x"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("steps[0] (a).after: [x]");
        assertThatThrownBy(() -> linearizer.linearize(dag(step("a"), step("a"))))
                .hasMessage("steps[1].id: a (expected: unique)");
    }
}
