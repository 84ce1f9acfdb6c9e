package dev.edgeway.storage.web;

import java.util.concurrent.Callable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Runs the blocking services (jnats blocks) on the bounded elastic scheduler, never on an event loop. */
final class Blocking {

    private Blocking() {}

    static <T> Mono<T> call(Callable<T> work) {
        return Mono.fromCallable(work).subscribeOn(Schedulers.boundedElastic());
    }

    static Mono<Boolean> run(Runnable work) {
        return call(() -> {
            work.run();
            return Boolean.TRUE;
        });
    }
}
