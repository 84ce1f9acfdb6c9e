package dev.edgeway.gateway.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class LastKnownTest {

    private final Schedule nightly =
            Schedule.ofPipeline("nightly", CronSchedule.parse("0 3 * * *", ZoneOffset.UTC), Overlap.ALLOW, false);

    @Test
    void aFailedReadGivesTheSchedulesOfTheLastGoodOne() {
        LastKnown source = new LastKnown("pipelines");
        assertThat(source.read(Mono.just(List.of(nightly))).block()).containsExactly(nightly);

        assertThat(source.read(Mono.error(new IllegalStateException("NATS away")))
                        .block())
                .containsExactly(nightly);
    }

    @Test
    void aGoodReadReplacesWhatWasKnown() {
        LastKnown source = new LastKnown("pipelines");
        source.read(Mono.just(List.of(nightly))).block();

        assertThat(source.read(Mono.just(List.of())).block()).isEmpty();
        assertThat(source.read(Mono.error(new IllegalStateException("NATS away")))
                        .block())
                .isEmpty();
    }

    @Test
    void aFailedReadBeforeAnyGoodOneGivesNothingToApply() {
        LastKnown source = new LastKnown("functions");

        assertThat(source.read(Mono.error(new IllegalStateException("provider away")))
                        .blockOptional())
                .isEmpty();
    }
}
