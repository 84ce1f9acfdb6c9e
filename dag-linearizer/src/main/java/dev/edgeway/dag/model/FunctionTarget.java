package dev.edgeway.dag.model;

import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A function called through the gateway, written {@code name} or {@code name.namespace} as in
 * OpenFaaS; without a namespace the gateway's default namespace applies.
 */
public record FunctionTarget(String name, @Nullable String namespace) implements StepTarget {

    public FunctionTarget {
        Objects.requireNonNull(name, "name");
    }

    /** Splits {@code name[.namespace]} at its first dot, as OpenFaaS does. */
    public static FunctionTarget parse(String text) {
        int dot = text.indexOf('.');
        return dot < 0
                ? new FunctionTarget(text, null)
                : new FunctionTarget(text.substring(0, dot), text.substring(dot + 1));
    }

    public Optional<String> namespaceIfSet() {
        return Optional.ofNullable(namespace);
    }

    /** {@code name} or {@code name.namespace}. */
    public String qualifiedName() {
        return namespace == null ? name : name + "." + namespace;
    }

    @Override
    public String describe() {
        return "function: " + qualifiedName();
    }
}
