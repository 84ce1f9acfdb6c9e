/** Auto-configuration and the edgeway.storage and edgeway.nats configuration of the state store. */
@NullMarked
package dev.edgeway.storage.config;

import org.jspecify.annotations.NullMarked;
