/** Tasks: the unit of state a function run owns, with its metadata and the names of its variables. */
@NullMarked
package dev.edgeway.storage.task;

import org.jspecify.annotations.NullMarked;
