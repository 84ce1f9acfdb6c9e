/**
 * Durable message streams and their pull consumers (the application's work queues), with no NATS
 * type in sight.
 */
@NullMarked
package dev.edgeway.storage.stream;

import org.jspecify.annotations.NullMarked;
