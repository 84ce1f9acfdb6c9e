/**
 * Pipeline definitions: stored in NATS KV as sent, compiled (parsed, validated, linearized) and cached per revision,
 * with the {@code http} host allow-list.
 */
@NullMarked
package dev.edgeway.gateway.pipeline.definition;

import org.jspecify.annotations.NullMarked;
