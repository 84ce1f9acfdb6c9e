/** Tests of several gateways on one NATS and of a gateway on a JetStream cluster. */
@NullMarked
package dev.edgeway.gateway.scaleout;

import org.jspecify.annotations.NullMarked;
