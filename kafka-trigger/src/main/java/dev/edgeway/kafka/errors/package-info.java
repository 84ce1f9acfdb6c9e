/** Retries with backoff, dead letters with their failure headers, and the failures that are not retried. */
@NullMarked
package dev.edgeway.kafka.errors;

import org.jspecify.annotations.NullMarked;
