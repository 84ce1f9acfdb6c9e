/**
 * The state API's hottest calls, a variable's {@code GET} and {@code PUT}, served on the
 * gateway's Netty path next to {@code /function}; every other storage request is WebFlux's.
 */
@NullMarked
package dev.edgeway.gateway.storage;

import org.jspecify.annotations.NullMarked;
