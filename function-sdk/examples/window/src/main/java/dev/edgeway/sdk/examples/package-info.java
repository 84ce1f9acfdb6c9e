/**
 * The window-algorithm example function: sliding, tumbling, hopping and session windows over a
 * task's points, with their intermediate results kept in Edgeway's state API.
 */
@NullMarked
package dev.edgeway.sdk.examples;

import org.jspecify.annotations.NullMarked;
