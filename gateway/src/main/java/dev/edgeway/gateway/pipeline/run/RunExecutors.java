package dev.edgeway.gateway.pipeline.run;

import dev.edgeway.gateway.pipeline.PipelineProblem;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * The threads runs execute on, apart from the event loops and from the bounded elastic
 * scheduler (which the state API needs free while a step calls it): one bounded pool for
 * synchronous runs and resumes, one for background runs, each with a bounded queue. A run that
 * finds its queue full is refused with a 503 problem. A background run takes its place in the
 * queue ({@link #backgroundPlace}) before anything of it is stored, so a refused run leaves
 * nothing behind.
 */
public final class RunExecutors implements AutoCloseable {

    private final ThreadPoolExecutor sync;
    private final ThreadPoolExecutor background;
    /** Running and waiting background runs: the places bound the background pool's queue. */
    private final Semaphore backgroundPlaces;

    /** A background run's place, given back once when its run ends or is refused. */
    public static final class Place implements AutoCloseable {
        private final Semaphore places;
        private final AtomicBoolean held = new AtomicBoolean(true);

        private Place(Semaphore places) {
            this.places = places;
        }

        @Override
        public void close() {
            if (held.compareAndSet(true, false)) {
                places.release();
            }
        }
    }

    public RunExecutors(int maxSyncRuns, int maxBackgroundRuns, int maxQueued) {
        this.sync = pool("edgeway-pipeline-run-", maxSyncRuns, boundedQueue(maxQueued));
        this.background = pool("edgeway-pipeline-background-", maxBackgroundRuns, new LinkedBlockingQueue<>());
        this.backgroundPlaces = new Semaphore(maxBackgroundRuns + maxQueued);
    }

    /** Runs blocking work on the synchronous pool; the Mono fails with a 503 problem when it is full. */
    public <T> Mono<T> sync(Supplier<T> work) {
        return Mono.defer(() -> {
            try {
                return Mono.fromFuture(CompletableFuture.supplyAsync(work, sync));
            } catch (RejectedExecutionException e) {
                return Mono.error(PipelineProblem.tooManyRuns(
                        "synchronous", sync.getActiveCount(), sync.getQueue().size()));
            }
        });
    }

    /** Takes a place for a background run; throws a 503 problem when every place is taken. */
    public Place backgroundPlace() {
        if (!backgroundPlaces.tryAcquire()) {
            throw tooManyBackgroundRuns();
        }
        return new Place(backgroundPlaces);
    }

    /** Queues work in a place taken before; the place is given back when the work has run. */
    public void background(Place place, Runnable work) {
        try {
            background.execute(() -> {
                try {
                    work.run();
                } finally {
                    place.close();
                }
            });
        } catch (RejectedExecutionException e) {
            // Shut down: the gateway is stopping.
            place.close();
            throw tooManyBackgroundRuns();
        }
    }

    private PipelineProblem tooManyBackgroundRuns() {
        return PipelineProblem.tooManyRuns(
                "background", background.getActiveCount(), background.getQueue().size());
    }

    private static BlockingQueue<Runnable> boundedQueue(int queued) {
        return queued == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(queued);
    }

    private static ThreadPoolExecutor pool(String prefix, int threads, BlockingQueue<Runnable> queue) {
        ThreadPoolExecutor executor =
                new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, queue, threads(prefix));
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Lets queued and running runs finish for a few seconds, then interrupts them (a resume picks them up). */
    @Override
    public void close() throws InterruptedException {
        sync.shutdown();
        background.shutdown();
        if (!sync.awaitTermination(5, TimeUnit.SECONDS)) {
            sync.shutdownNow();
        }
        if (!background.awaitTermination(5, TimeUnit.SECONDS)) {
            background.shutdownNow();
        }
    }
}
