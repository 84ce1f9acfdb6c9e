/** The Edgeway gateway application: entry point and top-level wiring. */
@NullMarked
package dev.edgeway.gateway;

import org.jspecify.annotations.NullMarked;
