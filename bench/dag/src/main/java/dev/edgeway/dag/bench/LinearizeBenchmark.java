package dev.edgeway.dag.bench;

import dev.edgeway.dag.linearize.Chain;
import dev.edgeway.dag.linearize.Linearizer;
import dev.edgeway.dag.model.Dag;
import dev.edgeway.dag.model.FunctionTarget;
import dev.edgeway.dag.model.RetryPolicy;
import dev.edgeway.dag.model.Step;
import dev.edgeway.dag.model.StepId;
import dev.edgeway.dag.validate.DagValidator;
import dev.edgeway.dag.validate.Limits;
import dev.edgeway.dag.validate.Violation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Linearization (and, for comparison, validation) of random DAGs of 10^4, 10^5 and 10^6 steps,
 * each step after 4 distinct random steps among the 1 000 declared just before it, so about
 * 4 edges per step. The definition is built once per trial; each operation is one whole call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgs = {"-Xms4g", "-Xmx4g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class LinearizeBenchmark {

    private static final int EDGES_PER_STEP = 4;
    private static final int WINDOW = 1_000;

    @Param({"10000", "100000", "1000000"})
    int steps;

    private Dag dag;
    private final Linearizer linearizer = new Linearizer();
    private DagValidator validator;

    @Setup(Level.Trial)
    public void buildDag() {
        SplittableRandom random = new SplittableRandom(42);
        StepId[] ids = new StepId[steps];
        List<Step> list = new ArrayList<>(steps);
        for (int i = 0; i < steps; i++) {
            ids[i] = StepId.of("s" + i);
            int count = Math.min(i, EDGES_PER_STEP);
            List<StepId> parents = new ArrayList<>(count);
            while (parents.size() < count) {
                StepId parent = ids[i - 1 - random.nextInt(Math.min(i, WINDOW))];
                if (!parents.contains(parent)) {
                    parents.add(parent);
                }
            }
            FunctionTarget target = new FunctionTarget("f" + (i % 16), null);
            list.add(new Step(ids[i], target, parents, Duration.ofSeconds(30), RetryPolicy.NONE, 0, Map.of()));
        }
        dag = Dag.of("bench", list);
        validator = new DagValidator(Limits.DEFAULT.withMaxSteps(steps).withMaxDepth(steps));
        List<Violation> violations = validator.validate(dag);
        if (!violations.isEmpty()) {
            throw new IllegalStateException("benchmark DAG is invalid: " + violations.getFirst().message());
        }
    }

    @Benchmark
    public Chain linearize() {
        return linearizer.linearize(dag);
    }

    @Benchmark
    public List<Violation> validate() {
        return validator.validate(dag);
    }
}
