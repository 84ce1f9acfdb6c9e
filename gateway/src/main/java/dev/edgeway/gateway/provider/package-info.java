/** The provider port and the OpenFaaS wire types it speaks (faas-provider `types/`). */
@NullMarked
package dev.edgeway.gateway.provider;

import org.jspecify.annotations.NullMarked;
