/**
 * Runs a Java function the way of-watchdog's HTTP mode expects: a {@link dev.edgeway.sdk.Function}
 * served by {@link dev.edgeway.sdk.FunctionServer} on {@code PORT}.
 */
@NullMarked
package dev.edgeway.sdk;

import org.jspecify.annotations.NullMarked;
