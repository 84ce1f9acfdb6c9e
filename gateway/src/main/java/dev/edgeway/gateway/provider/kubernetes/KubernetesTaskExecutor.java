package dev.edgeway.gateway.provider.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The provider's own executor for fabric8's client tasks: each watch's event decoding and
 * dispatch into the informer caches, the informers' callbacks and the watches' reconnects.
 * fabric8's default is an unbounded cached pool per client, so a burst of watch events or a
 * reconnect storm could take any number of threads on a small device. Here they share a fixed
 * number of named daemon threads ({@code edgeway-kubernetes-N}, easy to find in a thread dump),
 * a pool of their own, so work that blocks elsewhere (the common ForkJoin pool, Reactor's
 * schedulers) cannot hold back cache updates. fabric8 runs each watch's work through a serial
 * executor, so a watch holds at most one thread at a time and a few threads serve many
 * namespaces. The queue is unbounded on purpose: a rejected task would be a lost watch event and
 * a stale cache. The client shuts the pool down when it closes, after the informers have stopped.
 */
final class KubernetesTaskExecutor implements KubernetesClientBuilder.ExecutorSupplier {

    private final int threads;

    KubernetesTaskExecutor(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("task-threads: " + threads + " (expected: >= 1)");
        }
        this.threads = threads;
    }

    @Override
    public Executor get() {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(
                threads,
                threads,
                30,
                TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(),
                Thread.ofPlatform().name("edgeway-kubernetes-", 0).daemon().factory());
        // Idle threads go away between bursts of events.
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    @Override
    public void onClose(Executor executor) {
        ((ExecutorService) executor).shutdownNow();
    }
}
