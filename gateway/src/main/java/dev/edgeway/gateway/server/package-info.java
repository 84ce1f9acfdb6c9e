/** The public server's connections: timeouts, the connection limit and half-closed requests. */
@NullMarked
package dev.edgeway.gateway.server;

import org.jspecify.annotations.NullMarked;
