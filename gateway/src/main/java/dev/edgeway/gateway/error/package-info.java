/** OpenFaaS-compatible plain-text errors in one place. */
@NullMarked
package dev.edgeway.gateway.error;

import org.jspecify.annotations.NullMarked;
