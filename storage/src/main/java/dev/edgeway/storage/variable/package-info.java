/** Variables of a task: values with types, revisions, time-to-live and large-value spill. */
@NullMarked
package dev.edgeway.storage.variable;

import org.jspecify.annotations.NullMarked;
