package dev.edgeway.gateway.provider;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What {@code /system/logs} asks for.
 *
 * @param tail the number of most recent lines, or -1 for all
 * @param since only lines at or after this time, when set
 * @param instance only lines of this replica, when set
 */
public record LogRequest(
        String name,
        String namespace,
        @Nullable String instance,
        long tail,
        boolean follow,
        @Nullable Instant since) {}
