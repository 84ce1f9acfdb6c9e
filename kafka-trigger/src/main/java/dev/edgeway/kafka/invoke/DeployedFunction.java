package dev.edgeway.kafka.invoke;

import java.util.Map;
import java.util.Objects;

/** A function as the trigger sees it: where it is and its annotations (e.g. {@code topic}). */
public record DeployedFunction(String name, String namespace, Map<String, String> annotations) {

    public DeployedFunction {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(namespace, "namespace");
        annotations = Map.copyOf(annotations);
    }
}
