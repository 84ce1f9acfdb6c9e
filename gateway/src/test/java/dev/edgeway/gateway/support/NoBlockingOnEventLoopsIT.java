package dev.edgeway.gateway.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** The check itself: installed in the integration tests' JVM, it records a park on a non-blocking thread. */
class NoBlockingOnEventLoopsIT {

    @Test
    void recordsAParkOnAReactorParallelThread() {
        NoBlockingOnEventLoops.takeFound();

        Mono.fromRunnable(() -> LockSupport.parkNanos(1_000_000))
                .subscribeOn(Schedulers.parallel())
                .block(Duration.ofSeconds(10));

        // Taken here, so this test's own after-each check does not fail on it.
        assertThat(NoBlockingOnEventLoops.takeFound()).singleElement().satisfies(error -> assertThat(error.getMessage())
                .contains("Unsafe#park"));
    }
}
