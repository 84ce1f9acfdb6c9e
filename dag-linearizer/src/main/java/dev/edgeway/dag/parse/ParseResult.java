package dev.edgeway.dag.parse;

import dev.edgeway.dag.model.Dag;
import dev.edgeway.dag.validate.Violation;
import java.util.List;
import java.util.Objects;

/**
 * What reading a definition gave: the model, or every reason it could not be read. A parsed
 * definition still needs {@code DagValidator} for names, references, cycles and limits.
 */
public sealed interface ParseResult {

    /** The document was read into a model. */
    record Parsed(Dag dag) implements ParseResult {
        public Parsed {
            Objects.requireNonNull(dag, "dag");
        }
    }

    /** The document is not a readable definition; never empty. */
    record Rejected(List<Violation> violations) implements ParseResult {
        public Rejected {
            violations = List.copyOf(violations);
            if (violations.isEmpty()) {
                throw new IllegalArgumentException("violations: [] (expected: at least one)");
            }
        }
    }
}
