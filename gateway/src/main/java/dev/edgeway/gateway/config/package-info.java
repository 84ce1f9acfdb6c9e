/** Configuration properties and the OpenFaaS environment aliases. */
@NullMarked
package dev.edgeway.gateway.config;

import org.jspecify.annotations.NullMarked;
