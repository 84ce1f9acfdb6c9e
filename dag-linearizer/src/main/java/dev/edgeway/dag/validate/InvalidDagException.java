package dev.edgeway.dag.validate;

import java.util.List;
import java.util.stream.Collectors;

/** A definition with violations where a valid one was required; carries every violation. */
public final class InvalidDagException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<Violation> violations;

    public InvalidDagException(List<Violation> violations) {
        super(violations.stream().map(Violation::message).collect(Collectors.joining("; ")));
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }
}
