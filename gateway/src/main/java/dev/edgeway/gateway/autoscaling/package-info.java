/** The built-in autoscaler: OpenFaaS Pro's scaling labels applied to every provider through its scale call. */
@NullMarked
package dev.edgeway.gateway.autoscaling;

import org.jspecify.annotations.NullMarked;
