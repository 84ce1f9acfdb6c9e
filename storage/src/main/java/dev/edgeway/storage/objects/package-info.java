/**
 * The object port: buckets of values too large for one message or key-value entry (the JetStream
 * Object Store behind it), with no NATS type in sight.
 */
@NullMarked
package dev.edgeway.storage.objects;

import org.jspecify.annotations.NullMarked;
