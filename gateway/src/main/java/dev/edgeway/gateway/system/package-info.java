/** Handlers of the OpenFaaS `/system` API, one per endpoint. */
@NullMarked
package dev.edgeway.gateway.system;

import org.jspecify.annotations.NullMarked;
