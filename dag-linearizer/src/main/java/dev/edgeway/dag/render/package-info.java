/** Mermaid text for a DAG and for its chain. */
@NullMarked
package dev.edgeway.dag.render;

import org.jspecify.annotations.NullMarked;
