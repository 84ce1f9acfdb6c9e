package dev.edgeway.gateway.pipeline.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.edgeway.dag.run.RunState;
import dev.edgeway.dag.run.RunStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RunStateWriterTest {

    private final List<Long> written = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch firstWriteStarted = new CountDownLatch(1);
    private RunStateWriter writer;

    @AfterEach
    void close() throws InterruptedException {
        release.countDown();
        writer.close();
    }

    private void blockingFirstWrite() {
        writer = new RunStateWriter(
                state -> {
                    firstWriteStarted.countDown();
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    written.add(state.startedAt().getEpochSecond());
                },
                Duration.ZERO);
    }

    private static RunState state(long second, RunStatus status) {
        return new RunState("run", "p", status, List.of(), null, null, Instant.ofEpochSecond(second), null);
    }

    @Test
    void coalescesStatesOfferedWhileAWriteIsInFlightAndWritesTheFinalOneLast() throws Exception {
        blockingFirstWrite();
        writer.offer(state(1, RunStatus.RUNNING));
        assertThat(firstWriteStarted.await(5, TimeUnit.SECONDS)).isTrue();
        writer.offer(state(2, RunStatus.RUNNING));
        writer.offer(state(3, RunStatus.RUNNING));

        Thread flusher = Thread.ofPlatform().start(() -> writer.flush(state(4, RunStatus.SUCCEEDED)));
        // The flush has dropped the pending state once it waits for the write in flight;
        // only then may that write finish, or the pending state would be written first.
        await().atMost(Duration.ofSeconds(5)).until(() -> flusher.getState() == Thread.State.WAITING);
        assertThat(writer.latest("run"))
                .map(s -> s.startedAt().getEpochSecond())
                .contains(3L);
        release.countDown();
        flusher.join(5_000);

        assertThat(written).containsExactly(1L, 4L);
        assertThat(writer.latest("run")).isEmpty();
    }

    @Test
    void writesEveryStateWhenEachIsOfferedAfterThePreviousWasWritten() {
        release.countDown();
        blockingFirstWrite();
        writer.offer(state(1, RunStatus.RUNNING));
        await().atMost(Duration.ofSeconds(5)).until(() -> written.size() == 1);
        writer.offer(state(2, RunStatus.RUNNING));
        await().atMost(Duration.ofSeconds(5)).until(() -> written.size() == 2);

        assertThat(written).containsExactly(1L, 2L);
    }

    @Test
    void keepsIntermediateWritesApartByTheInterval() {
        writer = new RunStateWriter(state -> written.add(System.nanoTime()), Duration.ofMillis(200));
        writer.offer(state(1, RunStatus.RUNNING));
        await().atMost(Duration.ofSeconds(5)).until(() -> written.size() == 1);
        writer.offer(state(2, RunStatus.RUNNING));
        await().atMost(Duration.ofSeconds(5)).until(() -> written.size() == 2);

        assertThat(written.get(1) - written.get(0))
                .isGreaterThanOrEqualTo(Duration.ofMillis(190).toNanos());
    }

    @Test
    void writesTheNewestIntermediateStateOnceThePauseIsOver() {
        writer = new RunStateWriter(state -> written.add(state.startedAt().getEpochSecond()), Duration.ofMillis(100));
        for (long second = 1; second <= 5; second++) {
            writer.offer(state(second, RunStatus.RUNNING));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> written.contains(5L));

        assertThat(written).startsWith(1L).endsWith(5L);
        assertThat(writer.latest("run"))
                .map(s -> s.startedAt().getEpochSecond())
                .contains(5L);
    }

    @Test
    void writesTheFinalStateOnTheFlushingThreadWithoutWaitingOutThePause() {
        List<Thread> writers = new CopyOnWriteArrayList<>();
        writer = new RunStateWriter(
                state -> {
                    writers.add(Thread.currentThread());
                    written.add(state.startedAt().getEpochSecond());
                },
                Duration.ofHours(1));
        writer.offer(state(1, RunStatus.RUNNING));
        await().atMost(Duration.ofSeconds(5)).until(() -> written.size() == 1);
        writer.offer(state(2, RunStatus.RUNNING)); // waits out the hour's pause, then is dropped

        writer.flush(state(3, RunStatus.FAILED));

        assertThat(written).containsExactly(1L, 3L);
        assertThat(writers.get(0)).isNotSameAs(Thread.currentThread());
        assertThat(writers.get(1)).isSameAs(Thread.currentThread());
    }
}
