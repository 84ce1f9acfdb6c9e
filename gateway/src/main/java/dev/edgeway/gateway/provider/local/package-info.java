/** The embedded {@code local} provider: functions run as local processes, forked per call or long-running HTTP servers. */
@NullMarked
package dev.edgeway.gateway.provider.local;

import org.jspecify.annotations.NullMarked;
