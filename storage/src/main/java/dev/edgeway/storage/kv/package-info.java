/**
 * Named key-value buckets with revisions for optimistic concurrency: the port the state store's own
 * tasks and variables use, and that the application uses for its own buckets (pipeline definitions,
 * schedules, call statuses), with no NATS type in sight.
 */
@NullMarked
package dev.edgeway.storage.kv;

import org.jspecify.annotations.NullMarked;
