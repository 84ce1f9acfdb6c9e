/** Checks a pipeline definition and reports every problem at once, each as a precise violation. */
@NullMarked
package dev.edgeway.dag.validate;

import org.jspecify.annotations.NullMarked;
