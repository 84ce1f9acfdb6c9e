/**
 * The gateway's two error dialects (docs/errors.md): OpenFaaS's plain text in one place
 * ({@code OpenFaasErrors}, and {@code OpenFaasErrorHandler} for whatever no route group
 * answered). Edgeway's own APIs answer RFC 9457 problem JSON through the storage module's
 * {@code ProblemResponses}, the one writer of it, each route group with its own error filter.
 */
@NullMarked
package dev.edgeway.gateway.error;

import org.jspecify.annotations.NullMarked;
