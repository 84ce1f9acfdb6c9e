/** The one invocation path every caller of a function goes through. */
@NullMarked
package dev.edgeway.gateway.invoke;

import org.jspecify.annotations.NullMarked;
