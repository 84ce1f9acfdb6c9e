package dev.edgeway.gateway.schedule;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The schedules one source (the function list, the pipeline definitions) gave at its last good
 * read. A read that fails gives these again, so one source being away neither drops its own
 * schedules nor holds back the other source's changes. Before the first good read a failed read
 * gives nothing, and nothing is applied: the first schedules applied (which catch up on missed
 * ticks) are always complete.
 */
final class LastKnown {

    private static final Logger log = LoggerFactory.getLogger(LastKnown.class);

    private final String source;
    private volatile @Nullable List<Schedule> schedules;

    LastKnown(String source) {
        this.source = source;
    }

    /** The read's schedules, remembered; or, if it fails, the ones remembered last (none before a good read). */
    Mono<List<Schedule>> read(Mono<List<Schedule>> read) {
        return read.doOnNext(fresh -> schedules = List.copyOf(fresh)).onErrorResume(e -> {
            log.warn("Could not read the {} for their schedules, keeping the last known: {}", source, e.getMessage());
            return Mono.justOrEmpty(schedules);
        });
    }
}
