/** Pipelines in the gateway: the {@code /system/pipelines} and {@code /pipeline/{name}} handlers, and the adapters that give {@code dag-linearizer}'s chain runner its ports (steps through the one invocation path, runs in the state store). */
@NullMarked
package dev.edgeway.gateway.pipeline;

import org.jspecify.annotations.NullMarked;
