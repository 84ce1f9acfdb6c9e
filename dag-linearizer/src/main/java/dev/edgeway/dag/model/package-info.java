/** The pipeline definition as values: a DAG of steps, each calling a function or an HTTP endpoint. Compact constructors check nulls and copy collections; domain rules (names, limits, cycles) are the validator's, so that every problem is reported at once. */
@NullMarked
package dev.edgeway.dag.model;

import org.jspecify.annotations.NullMarked;
