package dev.edgeway.sdk.state;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** One page of a task's variables, in name order. */
public final class VariablePage {

    private final List<VariableInfo> variables;
    private final @Nullable String next;

    VariablePage(List<VariableInfo> variables, @Nullable String next) {
        this.variables = List.copyOf(variables);
        this.next = next;
    }

    /**
     * The variables on this page.
     *
     * @return an unmodifiable list in name order
     */
    public List<VariableInfo> variables() {
        return variables;
    }

    /**
     * Where the next page starts, to pass to {@link TaskState#listPage(int, String)}.
     *
     * @return the next page's {@code after}; empty on the last page
     */
    public Optional<String> next() {
        return Optional.ofNullable(next);
    }

    @Override
    public String toString() {
        return "VariablePage[" + variables.size() + " variables" + (next == null ? ", last" : ", next after " + next)
                + "]";
    }
}
