/** Basic auth on `/system`, from OpenFaaS-style secret files or generated credentials. */
@NullMarked
package dev.edgeway.gateway.auth;

import org.jspecify.annotations.NullMarked;
