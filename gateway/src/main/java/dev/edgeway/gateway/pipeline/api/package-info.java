/**
 * The pipeline HTTP API: one handler per endpoint of {@code /system/pipelines} and {@code /pipeline/{name}}, its
 * request parameters and bodies, its answers, and the RFC 9457 problems it writes.
 */
@NullMarked
package dev.edgeway.gateway.pipeline.api;

import org.jspecify.annotations.NullMarked;
