package dev.edgeway.gateway.pipeline.definition;

import dev.edgeway.dag.linearize.Chain;
import dev.edgeway.dag.linearize.Linearizer;
import dev.edgeway.dag.model.Dag;
import dev.edgeway.dag.parse.DagParser;
import dev.edgeway.dag.parse.ParseResult;
import dev.edgeway.dag.validate.DagValidator;
import dev.edgeway.dag.validate.Violation;
import dev.edgeway.gateway.pipeline.PipelineProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Turns definition text into a runnable DAG and chain (and its {@code schedule}, if any), or
 * refuses it with every violation at once: the library's parse and validation, the name in the
 * path, the {@code http} host allow-list, and the schedule's values. Thread-safe.
 */
public final class PipelineCompiler {

    /** A definition that compiled. */
    public record Compiled(Dag dag, Chain chain, @Nullable PipelineSchedule schedule) {}

    private final DagParser parser = new DagParser();
    private final DagValidator validator = new DagValidator();
    private final Linearizer linearizer = new Linearizer();
    private final HttpHostAllowList allowList;
    private final @Nullable ScheduleCheck scheduleCheck;

    /** @param scheduleCheck checks a {@code schedule}'s values on save; null while the cron trigger is off */
    public PipelineCompiler(HttpHostAllowList allowList, @Nullable ScheduleCheck scheduleCheck) {
        this.allowList = allowList;
        this.scheduleCheck = scheduleCheck;
    }

    public PipelineCompiler(HttpHostAllowList allowList) {
        this(allowList, null);
    }

    /**
     * Compiles a definition sent for {@code name}; {@code checkHosts} is off for definitions read
     * back from the store, whose hosts are checked again before every call.
     *
     * @throws PipelineProblem {@code invalid-definition} with every violation
     */
    public Compiled compile(String name, String text, DagParser.Format format, boolean checkHosts) {
        ParseResult parsed = parser.parse(text, format);
        if (parsed instanceof ParseResult.Rejected rejected) {
            throw PipelineProblem.invalidDefinition(name, rejected.violations());
        }
        Dag dag = ((ParseResult.Parsed) parsed).dag();
        List<Violation> violations = new ArrayList<>();
        if (!dag.name().equals(name)) {
            violations.add(new Violation.InvalidName("name", dag.name(), "the name in the path, " + name));
        }
        violations.addAll(validator.validate(dag));
        Optional<PipelineSchedule> schedule = PipelineSchedule.read(text, format, violations);
        if (checkHosts) {
            violations.addAll(allowList.check(dag));
            if (schedule.isPresent() && scheduleCheck != null) {
                violations.addAll(scheduleCheck.check(schedule.get()));
            }
        }
        if (!violations.isEmpty()) {
            throw PipelineProblem.invalidDefinition(name, violations);
        }
        return new Compiled(dag, linearizer.linearize(dag), schedule.orElse(null));
    }
}
