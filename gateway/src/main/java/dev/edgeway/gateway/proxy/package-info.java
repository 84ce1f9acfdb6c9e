/** The `/function` reverse proxy: request and response header rules of the OpenFaaS gateway. */
@NullMarked
package dev.edgeway.gateway.proxy;

import org.jspecify.annotations.NullMarked;
