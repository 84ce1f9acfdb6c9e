/** The route table: every path the gateway serves, in one place. */
@NullMarked
package dev.edgeway.gateway.routing;

import org.jspecify.annotations.NullMarked;
