package dev.edgeway.storage;

import java.util.concurrent.Callable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Calls the state store's services from reactive code: they block on jnats, so they run on the
 * bounded elastic scheduler, never on an event loop. The storage API and the gateway's pipeline
 * API both go through here.
 */
public final class Blocking {

    private Blocking() {}

    public static <T> Mono<T> call(Callable<T> work) {
        return Mono.fromCallable(work).subscribeOn(Schedulers.boundedElastic());
    }

    /** For work without a result: the Mono emits {@code true} once it has run. */
    public static Mono<Boolean> run(Runnable work) {
        return call(() -> {
            work.run();
            return Boolean.TRUE;
        });
    }
}
