package dev.edgeway.gateway.provider.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class KubernetesTaskExecutorTest {

    @Test
    void runsTasksOnAtMostItsNamedThreadsAndQueuesTheRest() throws InterruptedException {
        Executor executor = new KubernetesTaskExecutor(2).get();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(6);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        Set<String> threads = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < 6; i++) {
            executor.execute(() -> {
                mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                threads.add(Thread.currentThread().getName());
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                running.decrementAndGet();
                done.countDown();
            });
        }
        release.countDown();

        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(mostAtOnce.get()).isLessThanOrEqualTo(2);
        assertThat(threads).isNotEmpty().allMatch(name -> name.startsWith("edgeway-kubernetes-"));
        ((ExecutorService) executor).shutdownNow();
    }

    @Test
    void shutsThePoolDownWhenTheClientCloses() {
        KubernetesTaskExecutor supplier = new KubernetesTaskExecutor(1);
        Executor executor = supplier.get();

        supplier.onClose(executor);

        assertThat(((ExecutorService) executor).isShutdown()).isTrue();
    }

    @Test
    void refusesFewerThanOneThread() {
        assertThatThrownBy(() -> new KubernetesTaskExecutor(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("task-threads: 0 (expected: >= 1)");
    }
}
