package dev.edgeway.dag.model;

/** What a step calls: a function through the gateway, or an HTTP endpoint. */
public sealed interface StepTarget permits FunctionTarget, HttpTarget {

    /** The target as written in a definition, e.g. {@code function: resize.edge}. */
    String describe();
}
