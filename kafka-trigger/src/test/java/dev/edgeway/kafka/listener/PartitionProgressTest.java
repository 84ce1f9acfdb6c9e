package dev.edgeway.kafka.listener;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.support.Acknowledgment;

class PartitionProgressTest {

    private final List<Long> acknowledged = new ArrayList<>();
    private final PartitionProgress progress = new PartitionProgress();

    @Test
    void commitsNothingWhileTheLowestRecordRuns() {
        started(10, 11, 12);

        ended(11);
        ended(12);

        assertThat(acknowledged).isEmpty();
        assertThat(progress.uncommitted()).isEqualTo(3);
    }

    @Test
    void commitsUpToTheLastContiguousEndedRecordOnce() {
        started(10, 11, 12, 13);
        ended(11);
        ended(12);

        ended(10);

        // Acknowledging 12 commits 13: 10, 11 and 12 ended, 13 still runs.
        assertThat(acknowledged).containsExactly(12L);
        assertThat(progress.uncommitted()).isEqualTo(1);
        ended(13);
        assertThat(acknowledged).containsExactly(12L, 13L);
    }

    @Test
    void ignoresEndingsAfterTheRevocation() {
        started(1, 2);
        progress.revoke();

        ended(1);
        ended(2);

        assertThat(acknowledged).isEmpty();
    }

    @Test
    void ignoresARecordItNeverStarted() {
        started(5);

        ended(4);

        assertThat(acknowledged).isEmpty();
        assertThat(progress.uncommitted()).isEqualTo(1);
    }

    private void started(long... offsets) {
        for (long offset : offsets) {
            progress.started(offset);
        }
    }

    private void ended(long offset) {
        Acknowledgment acknowledgment = () -> acknowledged.add(offset);
        progress.ended(offset, acknowledgment);
    }
}
