/** Re-drive: dead letters of a topic sent back to it, with a limit and a filter by reason. */
@NullMarked
package dev.edgeway.kafka.replay;

import org.jspecify.annotations.NullMarked;
