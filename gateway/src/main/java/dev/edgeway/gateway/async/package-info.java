/**
 * Asynchronous invocation: {@code /async-function} stores each call durably in a JetStream
 * stream before answering 202, and workers inside the gateway run it through the one
 * invocation path, with bounded concurrency, retries, dead letters and callbacks.
 */
@NullMarked
package dev.edgeway.gateway.async;

import org.jspecify.annotations.NullMarked;
