/** The {@code faas} provider: Edgeway in front of any faas-provider over HTTP (faas-netes, faasd). */
@NullMarked
package dev.edgeway.gateway.provider.faas;

import org.jspecify.annotations.NullMarked;
