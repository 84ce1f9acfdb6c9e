/** Runs a chain one step at a time over two ports, invoking a step and keeping run state, with timeouts, retries, resume and cancel. */
@NullMarked
package dev.edgeway.dag.run;

import org.jspecify.annotations.NullMarked;
