package dev.edgeway.gateway.provider.local;

import dev.edgeway.gateway.invoke.FunctionUpstream;
import java.util.Optional;
import reactor.core.publisher.Mono;

/** What serves a local function's calls: forked processes, or long-running HTTP servers. */
interface Replicas {

    /** Sets how many replicas should run; HTTP servers are started or stopped to match. */
    void scale(int replicas);

    /** How many replicas are ready for calls. */
    int available();

    /** The replica for the next call, or empty when none is ready. */
    Optional<FunctionUpstream> next();

    /** The cgroups and measurements of these replicas. */
    ResourceMeter meter();

    /** Stops every replica; completes when their processes are gone. */
    Mono<Void> stop();
}
