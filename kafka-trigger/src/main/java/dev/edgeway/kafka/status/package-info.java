/** What the trigger reports about itself at {@code GET /system/kafka}: connection, partitions, lag, pauses, last error. */
@NullMarked
package dev.edgeway.kafka.status;

import org.jspecify.annotations.NullMarked;
