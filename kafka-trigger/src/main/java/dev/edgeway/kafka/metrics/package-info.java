/** The trigger's Micrometer meters: records received, succeeded, retried and dead-lettered, and end-to-end latency. */
@NullMarked
package dev.edgeway.kafka.metrics;

import org.jspecify.annotations.NullMarked;
