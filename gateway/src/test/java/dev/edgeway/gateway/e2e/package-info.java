/** End-to-end tests: the packaged gateway started as a user starts it, driven over HTTP like faas-cli. */
@NullMarked
package dev.edgeway.gateway.e2e;

import org.jspecify.annotations.NullMarked;
