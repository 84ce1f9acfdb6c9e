/** The NATS JetStream adapter: connection, embedded server, key-value buckets and the Object Store; the only package that imports io.nats. */
@NullMarked
package dev.edgeway.storage.nats;

import org.jspecify.annotations.NullMarked;
