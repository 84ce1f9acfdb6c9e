/**
 * The {@code kubernetes} provider: functions as Deployments and Services with faas-netes'
 * conventions, managed through the fabric8 client, and found through informer caches.
 */
@NullMarked
package dev.edgeway.gateway.provider.kubernetes;

import org.jspecify.annotations.NullMarked;
