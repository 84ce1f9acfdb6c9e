package dev.edgeway.gateway.provider.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

class ForkAdmissionTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final ForkSlots shared = new ForkSlots(2, 1);

    @Test
    void handsAGivenBackPermitToTheNextInTheQueue() {
        ForkAdmission admission = new ForkAdmission(new ForkSlots(1, 1), shared, WAIT);
        ForkPermit first = admission.admit().block(WAIT);
        CompletableFuture<ForkPermit> queued = admission.admit().toFuture();

        CompletableFuture.runAsync(first::release).join();

        assertThat(queued.join()).isNotNull();
    }

    @Test
    void turnsAwayACallWhenTheQueueIsFull() {
        ForkAdmission admission = new ForkAdmission(new ForkSlots(1, 1), shared, WAIT);
        admission.admit().block(WAIT);
        admission.admit().subscribe();

        assertThatThrownBy(() -> admission.admit().block(WAIT))
                .isInstanceOf(ForkRejected.class)
                .hasMessage("Concurrent request limit exceeded. Max concurrent requests: 1");
    }

    @Test
    void aCancelledWaiterLeavesTheQueue() {
        ForkAdmission admission = new ForkAdmission(new ForkSlots(1, 1), shared, WAIT);
        ForkPermit first = admission.admit().block(WAIT);
        Disposable impatient = admission.admit().subscribe();
        impatient.dispose();
        CompletableFuture<ForkPermit> next = admission.admit().toFuture();

        first.release();

        assertThat(next.join()).isNotNull();
    }

    @Test
    void givesTheFunctionsSlotBackWhenTheSharedOneIsRefused() {
        ForkSlots one = new ForkSlots(1, 0);
        ForkAdmission busy = new ForkAdmission(new ForkSlots(1, 0), one, WAIT);
        ForkAdmission refused = new ForkAdmission(new ForkSlots(1, 0), one, WAIT);
        ForkPermit running = busy.admit().block(WAIT);

        assertThatThrownBy(() -> refused.admit().block(WAIT)).isInstanceOf(ForkRejected.class);
        running.release();

        assertThat(refused.admit().block(WAIT)).isNotNull();
    }
}
