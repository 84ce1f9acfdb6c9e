/**
 * The state store module; {@link dev.edgeway.storage.StoreUnavailableException} is the one failure every
 * port of it reports when NATS cannot serve a request now.
 */
@NullMarked
package dev.edgeway.storage;

import org.jspecify.annotations.NullMarked;
