/**
 * The client of Edgeway's state API ({@code /system/storage}): tasks and their variables, typed
 * through JSON or raw bytes, with TTLs and revision-checked writes. Start at
 * {@link dev.edgeway.sdk.state.StateClient#builder()}.
 */
@NullMarked
package dev.edgeway.sdk.state;

import org.jspecify.annotations.NullMarked;
