/** Turns a valid DAG into one deterministic chain of steps (Kahn's algorithm) and explains the order. */
@NullMarked
package dev.edgeway.dag.linearize;

import org.jspecify.annotations.NullMarked;
