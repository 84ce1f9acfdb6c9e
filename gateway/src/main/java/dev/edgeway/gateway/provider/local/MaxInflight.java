package dev.edgeway.gateway.provider.local;

import dev.edgeway.gateway.invoke.FunctionUpstream;
import dev.edgeway.gateway.invoke.Invocation;
import dev.edgeway.gateway.invoke.InvocationResult;
import dev.edgeway.gateway.provider.ProviderException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * The {@code max_inflight} env var, as of-watchdog reads it: calls one replica serves at once,
 * and a call beyond them is answered 429 at once, which the async worker and the Kafka trigger
 * retry later. For classic functions it narrows the function's fork slots ({@link ForkSlots});
 * for an HTTP-mode replica it is a limit of the same kind around its upstream, held until the
 * response body is done.
 */
final class MaxInflight implements FunctionUpstream {

    static final String ENV = "max_inflight";

    private final FunctionUpstream upstream;
    private final ForkSlots slots;

    private MaxInflight(FunctionUpstream upstream, int limit) {
        this.upstream = upstream;
        this.slots = new ForkSlots(limit, 0);
    }

    /** The limit a deployment sets, 0 for none; 400 for one that is not a whole number above 0. */
    static int of(Map<String, String> envVars) {
        String text = envVars.get(ENV);
        if (text == null || text.isBlank()) {
            return 0;
        }
        try {
            int limit = Integer.parseInt(text.trim());
            if (limit > 0) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // Answered below, as for a number that is not positive.
        }
        throw ProviderException.badRequest(
                "validation failed: envVars." + ENV + ": " + text + " is not a whole number above 0");
    }

    /** {@code upstream} within {@code limit} calls at once; as it is when there is no limit. */
    static FunctionUpstream around(FunctionUpstream upstream, int limit) {
        return limit > 0 ? new MaxInflight(upstream, limit) : upstream;
    }

    @Override
    public Mono<InvocationResult> exchange(Invocation invocation) {
        return slots.acquire(Duration.ZERO)
                .flatMap(slot -> {
                    ForkPermit permit = new ForkPermit(List.of(slot));
                    return upstream.exchange(invocation)
                            .map(result -> new InvocationResult(
                                    result.status(),
                                    result.headers(),
                                    result.body().doFinally(s -> permit.release())))
                            .doOnError(e -> permit.release())
                            .doOnCancel(permit::release);
                })
                .onErrorResume(ForkRejected.class, e -> Mono.just(ForkingWatchdog.tooManyRequests(e)));
    }
}
