/** Where a record goes: the JSON envelope and the topic annotations of functions. */
@NullMarked
package dev.edgeway.kafka.routing;

import org.jspecify.annotations.NullMarked;
