/** Scale from zero: waking a function and waiting for a ready replica. */
@NullMarked
package dev.edgeway.gateway.scaling;

import org.jspecify.annotations.NullMarked;
