package dev.edgeway.dag.validate;

import dev.edgeway.dag.model.StepId;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One problem in a pipeline definition. Every kind names where it is ({@link #location()}, e.g.
 * {@code steps[2] (merge).after}) and says what was found and what was expected, in the form
 * {@code "steps[0] (a).timeout: PT0S (expected: > 0)"}.
 */
public sealed interface Violation {

    /** Where in the definition: {@code line 3, column 7}, {@code name}, {@code steps[2] (merge).after}. */
    String location();

    /** A short stable name of the kind, e.g. {@code cycle}, for machine-readable reports. */
    String kind();

    /** The whole human message, location first. */
    String message();

    private static String format(String location, Object found, String expected) {
        return location + ": " + found + " (expected: " + expected + ")";
    }

    /** The document is not a well-formed definition: syntax, wrong type, missing or unknown field. */
    record Malformed(String location, String problem) implements Violation {
        public Malformed {
            Objects.requireNonNull(location, "location");
            Objects.requireNonNull(problem, "problem");
        }

        @Override
        public String kind() {
            return "malformed";
        }

        @Override
        public String message() {
            return location + ": " + problem;
        }
    }

    /** A pipeline without any step. */
    record EmptyPipeline() implements Violation {
        @Override
        public String location() {
            return "steps";
        }

        @Override
        public String kind() {
            return "empty-pipeline";
        }

        @Override
        public String message() {
            return format(location(), "none", "at least one step");
        }
    }

    /** Two steps share an id; {@code first} is where the id was declared first. */
    record DuplicateStep(String location, StepId id, String first) implements Violation {
        @Override
        public String kind() {
            return "duplicate-step";
        }

        @Override
        public String message() {
            return format(location, id, "unique, already used by " + first);
        }
    }

    /** A step runs after a step that does not exist. */
    record UnknownStep(String location, StepId step, StepId reference) implements Violation {
        @Override
        public String kind() {
            return "unknown-step";
        }

        @Override
        public String message() {
            return format(location, reference, "the id of a step in this pipeline");
        }
    }

    /** A step runs after itself. */
    record SelfLoop(String location, StepId step) implements Violation {
        @Override
        public String kind() {
            return "self-loop";
        }

        @Override
        public String message() {
            return format(location, step, "not the step itself");
        }
    }

    /** A step lists the same parent more than once. */
    record DuplicateParent(String location, StepId step, StepId parent) implements Violation {
        @Override
        public String kind() {
            return "duplicate-parent";
        }

        @Override
        public String message() {
            return format(location, parent, "each parent listed once");
        }
    }

    /**
     * A cycle, as its path in run order (each step runs after the one before it), starting and
     * ending at its earliest declared step: {@code a -> b -> c -> a}.
     */
    record Cycle(List<StepId> path) implements Violation {
        public Cycle {
            path = List.copyOf(path);
        }

        @Override
        public String location() {
            return "steps";
        }

        @Override
        public String kind() {
            return "cycle";
        }

        @Override
        public String message() {
            String text = path.stream().map(StepId::value).collect(Collectors.joining(" -> "));
            return "cycle: " + text + " (expected: no cycle)";
        }
    }

    /** More cycles than the validator lists; the first {@code reported} were listed. */
    record MoreCycles(int reported) implements Violation {
        @Override
        public String location() {
            return "steps";
        }

        @Override
        public String kind() {
            return "more-cycles";
        }

        @Override
        public String message() {
            return format("cycles", "more than " + reported, "no cycle; only the first " + reported + " are listed");
        }
    }

    /** A pipeline name, step id, function name or namespace that is not a DNS-1123 label. */
    record InvalidName(String location, String value, String expected) implements Violation {
        @Override
        public String kind() {
            return "invalid-name";
        }

        @Override
        public String message() {
            return format(location, value.isEmpty() ? "\"\"" : value, expected);
        }
    }

    /** An {@code http} target that is not an absolute http or https URL with a host. */
    record InvalidUrl(String location, String url, String expected) implements Violation {
        @Override
        public String kind() {
            return "invalid-url";
        }

        @Override
        public String message() {
            return format(location, url.isEmpty() ? "\"\"" : url, expected);
        }
    }

    /** The number of steps or the depth (steps on the longest path) is over its limit. */
    record LimitExceeded(String location, long actual, long max) implements Violation {
        @Override
        public String kind() {
            return "limit-exceeded";
        }

        @Override
        public String message() {
            return format(location, actual, "<= " + max);
        }
    }

    /** A step timeout that is not positive or is too long. */
    record InvalidTimeout(String location, Duration timeout, String expected) implements Violation {
        @Override
        public String kind() {
            return "invalid-timeout";
        }

        @Override
        public String message() {
            return format(location, timeout, expected);
        }
    }

    /** A retry count, backoff or multiplier out of range. */
    record InvalidRetries(String location, String value, String expected) implements Violation {
        @Override
        public String kind() {
            return "invalid-retries";
        }

        @Override
        public String message() {
            return format(location, value, expected);
        }
    }
}
