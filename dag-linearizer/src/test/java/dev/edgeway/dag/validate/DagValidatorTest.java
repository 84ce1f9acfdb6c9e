package dev.edgeway.dag.validate;

import static dev.edgeway.dag.support.TestDags.dag;
import static dev.edgeway.dag.support.TestDags.step;
import static org.assertj.core.api.Assertions.assertThat;

import dev.edgeway.dag.model.Dag;
import dev.edgeway.dag.model.FunctionTarget;
import dev.edgeway.dag.model.HttpTarget;
import dev.edgeway.dag.model.RetryPolicy;
import dev.edgeway.dag.model.Step;
import dev.edgeway.dag.support.TestDags;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DagValidatorTest {

    private final DagValidator validator = new DagValidator();

    private List<String> messages(Dag dag) {
        return validator.validate(dag).stream().map(Violation::message).toList();
    }

    @Test
    void acceptsDiamond() {
        assertThat(validator.validate(dag(step("a"), step("b", "a"), step("c", "a"), step("d", "b", "c"))))
                .isEmpty();
    }

    @Test
    void reportsEmptyPipeline() {
        assertThat(validator.validate(Dag.of("p", List.of()))).containsExactly(new Violation.EmptyPipeline());
        assertThat(messages(Dag.of("p", List.of()))).containsExactly("steps: none (expected: at least one step)");
    }

    @Test
    void reportsDuplicateIdsWithTheFirstDeclaration() {
        assertThat(messages(dag(step("a"), step("b"), step("a"))))
                .containsExactly("steps[2].id: a (expected: unique, already used by steps[0])");
    }

    @Test
    void reportsUnknownSelfAndRepeatedParents() {
        assertThat(messages(dag(step("a"), step("b", "a", "x", "b", "a"))))
                .containsExactly(
                        "steps[1] (b).after: x (expected: the id of a step in this pipeline)",
                        "steps[1] (b).after: b (expected: not the step itself)",
                        "steps[1] (b).after: a (expected: each parent listed once)");
    }

    @Test
    void reportsEachCycleAsItsPath() {
        Dag dag = dag(step("a", "c"), step("b", "a"), step("c", "b"), step("d", "e"), step("e", "d"), step("f"));
        assertThat(messages(dag))
                .containsExactly(
                        "cycle: a -> b -> c -> a (expected: no cycle)", "cycle: d -> e -> d (expected: no cycle)");
    }

    @Test
    void reportsEveryDistinctCycleOnceWithinOneComponent() {
        // a <-> b, b <-> c, a -> c -> a: three 2-cycles and two 3-cycles, all through one component.
        Dag dag = dag(step("a", "b", "c"), step("b", "a", "c"), step("c", "a", "b"));
        List<Violation> violations = validator.validate(dag);
        assertThat(violations).allMatch(v -> v instanceof Violation.Cycle);
        assertThat(violations)
                .extracting(Violation::message)
                .containsExactlyInAnyOrder(
                        "cycle: a -> b -> a (expected: no cycle)",
                        "cycle: a -> c -> a (expected: no cycle)",
                        "cycle: b -> c -> b (expected: no cycle)",
                        "cycle: a -> b -> c -> a (expected: no cycle)",
                        "cycle: a -> c -> b -> a (expected: no cycle)");
    }

    @Test
    void listsAtMostTheConfiguredNumberOfCycles() {
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            List<String> others = new ArrayList<>();
            for (int j = 0; j < 8; j++) {
                if (j != i) {
                    others.add("s" + j);
                }
            }
            steps.add(step("s" + i, others.toArray(String[]::new)));
        }
        List<Violation> violations =
                new DagValidator(Limits.DEFAULT.withMaxReportedCycles(10)).validate(Dag.of("k8", steps));
        assertThat(violations).hasSize(11);
        assertThat(violations.getLast().message())
                .isEqualTo("cycles: more than 10 (expected: no cycle; only the first 10 are listed)");
    }

    @Test
    void findsCycleDownstreamOfValidPartWithoutRecursionLimits() {
        int n = 100_000;
        List<Step> steps = new ArrayList<>(n);
        steps.add(step("s0", "s" + (n - 1)));
        for (int i = 1; i < n; i++) {
            steps.add(step("s" + i, "s" + (i - 1)));
        }
        List<Violation> violations = validator.validate(Dag.of("ring", steps));
        assertThat(violations).hasSize(1).first().isInstanceOfSatisfying(Violation.Cycle.class, cycle -> {
            assertThat(cycle.path()).hasSize(n + 1);
            assertThat(cycle.path().getFirst()).isEqualTo(cycle.path().getLast());
        });
    }

    @ParameterizedTest
    @CsvSource({"Eval_1", "-a", "a-", "''", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void reportsStepIdThatIsNotADnsLabel(String id) {
        Dag dag = Dag.of("p", List.of(Step.of(id, new FunctionTarget("f", null))));
        assertThat(validator.validate(dag)).singleElement().isInstanceOfSatisfying(Violation.InvalidName.class, v -> {
            assertThat(v.location()).isEqualTo("steps[0].id");
            assertThat(v.value()).isEqualTo(id);
        });
    }

    @Test
    void reportsInvalidPipelineFunctionAndNamespaceNames() {
        Dag dag = Dag.of("My Pipeline", List.of(Step.of("a", FunctionTarget.parse("Resize.Edge_fn"))));
        assertThat(messages(dag))
                .containsExactly(
                        "name: My Pipeline (expected: " + DnsLabel.EXPECTED + ")",
                        "steps[0] (a).function: Resize (expected: " + DnsLabel.EXPECTED + ")",
                        "steps[0] (a).function (namespace): Edge_fn (expected: " + DnsLabel.EXPECTED + ")");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "ftp://host/x | an absolute http or https URL with a host, not scheme 'ftp'",
                "/relative | an absolute http or https URL with a host, not scheme ''",
                "http:///path | an absolute http or https URL with a host; the host is missing",
                "http://a b/ | an absolute http or https URL with a host; Illegal character in authority at index 8"
            })
    void reportsUrlsThatAreNotHttpWithAHost(String url, String expected) {
        Dag dag = Dag.of("p", List.of(Step.of("a", new HttpTarget(url))));
        assertThat(messages(dag)).containsExactly("steps[0] (a).http: " + url + " (expected: " + expected + ")");
    }

    @Test
    void acceptsHttpsUrl() {
        assertThat(validator.validate(Dag.of("p", List.of(Step.of("a", new HttpTarget("https://edge.local:8443/x"))))))
                .isEmpty();
    }

    @Test
    void reportsBadTimeoutsAndRetries() {
        Dag dag = dag(
                step("a").withTimeout(Duration.ZERO),
                step("b").withTimeout(Duration.ofHours(25)),
                step("c").withRetries(new RetryPolicy(-1, Duration.ofSeconds(-1), 0.5, Duration.ofSeconds(-2))));
        assertThat(messages(dag))
                .containsExactly(
                        "steps[0] (a).timeout: PT0S (expected: > 0)",
                        "steps[1] (b).timeout: PT25H (expected: <= PT24H)",
                        "steps[2] (c).retries.count: -1 (expected: 0 to 100)",
                        "steps[2] (c).retries.backoff: PT-1S (expected: >= 0)",
                        "steps[2] (c).retries.multiplier: 0.5 (expected: >= 1)",
                        "steps[2] (c).retries.maxBackoff: PT-2S (expected: >= backoff PT-1S)");
    }

    @Test
    void reportsStepCountAndDepthOverTheirLimits() {
        Limits limits = Limits.DEFAULT.withMaxSteps(3).withMaxDepth(2);
        Dag dag = dag(step("a"), step("b", "a"), step("c", "b"), step("d"));
        assertThat(new DagValidator(limits).validate(dag))
                .containsExactly(
                        new Violation.LimitExceeded("steps", 4, 3), new Violation.LimitExceeded("depth", 3, 2));
        assertThat(new DagValidator(limits).validate(dag).getLast().message()).isEqualTo("depth: 3 (expected: <= 2)");
    }

    @Test
    void reportsEveryProblemAtOnce() {
        Dag dag = Dag.of(
                "Bad",
                List.of(
                        step("a", "b"),
                        step("b", "a"),
                        step("b"),
                        step("c", "zz").withTimeout(Duration.ofSeconds(-1)),
                        Step.of("d", new HttpTarget("gopher://x"))));
        assertThat(validator.validate(dag))
                .extracting(Violation::kind)
                .containsExactly(
                        "invalid-name", "duplicate-step", "unknown-step", "invalid-timeout", "invalid-url", "cycle");
    }

    @Test
    void acceptsLargeRandomDagWithDefaultLimits() {
        assertThat(validator.validate(TestDags.random(100_000, 4, 1_000, 7))).isEmpty();
    }
}
