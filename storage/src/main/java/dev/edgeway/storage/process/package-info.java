/**
 * Child processes that serve on a loopback port: a free port, waiting until it accepts
 * connections, and the pause before a restart. The embedded nats-server uses them, and the
 * gateway's HTTP-mode function replicas do too; they live here, the module both can import
 * (the gateway imports storage, never the other way), in a package apart from {@code nats},
 * which the gateway must not import.
 */
@NullMarked
package dev.edgeway.storage.process;

import org.jspecify.annotations.NullMarked;
