/**
 * How the gateway reads a request path: as its router does (segments percent-decoded, {@code ;}
 * parameters set aside), so that every decision about a path is taken on the path that is routed.
 */
@NullMarked
package dev.edgeway.gateway.path;

import org.jspecify.annotations.NullMarked;
