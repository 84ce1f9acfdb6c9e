/** Prometheus metrics with the OpenFaaS names. */
@NullMarked
package dev.edgeway.gateway.metrics;

import org.jspecify.annotations.NullMarked;
