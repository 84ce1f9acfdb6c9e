/** The ports the gateway implements (invoke a function, run a pipeline, list functions) and their values. */
@NullMarked
package dev.edgeway.kafka.invoke;

import org.jspecify.annotations.NullMarked;
