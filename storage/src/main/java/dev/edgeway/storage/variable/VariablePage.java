package dev.edgeway.storage.variable;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One page of a task's variables, in name order.
 *
 * @param variables the variables on this page
 * @param next the name to pass as {@code after} for the next page, or null on the last page
 */
public record VariablePage(
        List<VariableSummary> variables, @Nullable String next) {

    public VariablePage {
        variables = List.copyOf(variables);
    }
}
