/** The Kafka trigger's ports implemented on the gateway: its one invocation path and its provider's function list. */
@NullMarked
package dev.edgeway.gateway.kafka;

import org.jspecify.annotations.NullMarked;
