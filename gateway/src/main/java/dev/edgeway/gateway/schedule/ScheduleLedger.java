package dev.edgeway.gateway.schedule;

import dev.edgeway.storage.kv.Entry;
import dev.edgeway.storage.kv.NamedBucket;
import dev.edgeway.storage.kv.RevisionConflictException;
import dev.edgeway.storage.kv.StoredJson;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * The schedules' shared state in the state store's {@code edgeway-schedules} bucket ({@code edgeway.schedules.bucket}) ({@code edgeway.schedules.bucket}), one entry
 * per schedule. Every change is a compare-and-set on the entry's revision (a create when it is
 * absent), retried on conflict, so gateways sharing NATS agree on who claimed each tick without
 * a protocol of their own: the one whose write moved {@code lastTick} to the tick fires it.
 */
final class ScheduleLedger {

    private static final int ATTEMPTS = 64;

    private final NamedBucket store;
    private final JsonMapper json = StoredJson.MAPPER;

    ScheduleLedger(NamedBucket store) {
        this.store = store;
    }

    /** The schedule's state; {@link ScheduleState#NONE} when no gateway has fired it yet. */
    ScheduleState read(Schedule schedule) {
        return store.get(schedule.key())
                .map(entry -> json.readValue(entry.value(), ScheduleState.class))
                .orElse(ScheduleState.NONE);
    }

    /**
     * Applies {@code change} to the current state and writes the result if nobody wrote in
     * between, else reads again and retries. {@code change} answers null to leave the state as it
     * is (the tick was claimed by someone else); the result is then empty.
     */
    Optional<ScheduleState> change(Schedule schedule, UnaryOperator<@Nullable ScheduleState> change, boolean create) {
        // A compare-and-set loop, not a retry with backoff: a conflict means another gateway wrote
        // first, and reading its state at once is the answer, so no library backoff applies.
        for (int attempt = 1; ; attempt++) {
            Optional<Entry> entry = store.get(schedule.key());
            if (entry.isEmpty() && !create) {
                return Optional.empty();
            }
            ScheduleState current = entry.map(e -> json.readValue(e.value(), ScheduleState.class))
                    .orElse(ScheduleState.NONE);
            ScheduleState next = change.apply(current);
            if (next == null) {
                return Optional.empty();
            }
            byte[] bytes = json.writeValueAsBytes(next);
            try {
                if (entry.isEmpty()) {
                    store.create(schedule.key(), bytes);
                } else {
                    store.update(schedule.key(), bytes, entry.get().revision());
                }
                return Optional.of(next);
            } catch (RevisionConflictException e) {
                if (attempt == ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /** Removes a schedule's state, when its function is gone. */
    void forget(Schedule schedule) {
        store.delete(schedule.key());
    }
}
