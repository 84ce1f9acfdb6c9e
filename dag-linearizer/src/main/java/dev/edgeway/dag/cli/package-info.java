/** The command-line entry point: plan a pipeline file and print its chain, the explanation and Mermaid text. */
@NullMarked
package dev.edgeway.dag.cli;

import org.jspecify.annotations.NullMarked;
