/**
 * The gateway's two error dialects (docs/errors.md): OpenFaaS's plain text in one place
 * ({@code OpenFaasErrors}, and {@code OpenFaasErrorHandler} for whatever no route group
 * answered), and the RFC 9457 problem JSON of Edgeway's own APIs ({@code OwnApiProblems}).
 */
@NullMarked
package dev.edgeway.gateway.error;

import org.jspecify.annotations.NullMarked;
