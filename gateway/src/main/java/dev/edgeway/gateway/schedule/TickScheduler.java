package dev.edgeway.gateway.schedule;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one timer per schedule and fires its ticks. Every gateway runs the same timers; at each
 * tick each of them tries to claim it in the {@link ScheduleLedger}, and only the winner calls
 * the function, so a tick fires once however many gateways share NATS. A timer that wakes late
 * (a pause, a loaded machine) fires only the latest tick it missed, once.
 */
final class TickScheduler implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TickScheduler.class);

    private final ScheduleLedger ledger;
    private final ScheduledCall call;
    private final Clock clock;
    private final Duration maxRun;
    private final Duration runningLease;
    private final boolean catchUp;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("edgeway-schedules").daemon().factory());
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private boolean applied;

    TickScheduler(
            ScheduleLedger ledger,
            ScheduledCall call,
            Clock clock,
            Duration maxRun,
            Duration runningLease,
            boolean catchUp) {
        this.ledger = ledger;
        this.call = call;
        this.clock = clock;
        this.maxRun = maxRun;
        this.runningLease = runningLease;
        this.catchUp = catchUp;
    }

    /** A schedule this gateway runs, with the time its timer is set for. */
    record Planned(Schedule schedule, @Nullable Instant nextTick) {}

    /**
     * Makes the running schedules exactly {@code schedules}: new ones get a timer, changed ones a
     * new timer, and those gone lose theirs and their shared state. The first call after start
     * fires, when so configured, the latest tick each schedule missed while no gateway ran.
     */
    synchronized void apply(Collection<Schedule> schedules) {
        Map<String, Schedule> wanted = new java.util.HashMap<>();
        schedules.forEach(s -> wanted.put(s.key(), s));
        for (Timer running : List.copyOf(timers.values())) {
            Schedule next = wanted.get(running.schedule.key());
            if (next == null || !next.equals(running.schedule)) {
                running.cancel();
                timers.remove(running.schedule.key());
                if (next == null) {
                    log.info("Unscheduled {}", running.schedule.qualifiedName());
                    Thread.ofVirtual().start(() -> forget(running.schedule));
                }
            }
        }
        boolean first = !applied;
        applied = true;
        for (Schedule schedule : wanted.values()) {
            if (!timers.containsKey(schedule.key())) {
                Timer started = new Timer(schedule, clock.instant());
                timers.put(schedule.key(), started);
                log.info(
                        "Scheduled {} at \"{}\" ({})",
                        schedule.qualifiedName(),
                        schedule.cron().text(),
                        schedule.cron().zone());
                if (first && catchUp) {
                    Thread.ofVirtual().start(() -> catchUp(schedule, started.armedAt));
                }
                started.arm();
            }
        }
    }

    /** The schedules this gateway runs, by function. */
    List<Planned> planned() {
        return timers.values().stream()
                .map(t -> new Planned(t.schedule, t.nextTick))
                .toList();
    }

    private void catchUp(Schedule schedule, Instant now) {
        try {
            Instant last = ledger.read(schedule).lastTick();
            if (last != null) {
                schedule.cron().latestBetween(last, now).ifPresent(missed -> {
                    log.info("Firing {}'s tick of {}, missed while no gateway ran", schedule.qualifiedName(), missed);
                    fire(schedule, missed);
                });
            }
        } catch (RuntimeException e) {
            log.warn("Could not check {} for a missed tick: {}", schedule.qualifiedName(), e.getMessage());
        }
    }

    /** Claims the tick and, for the gateway that won it, calls the function or records the skip. */
    private void fire(Schedule schedule, Instant tick) {
        Instant now = clock.instant();
        boolean[] start = new boolean[1];
        Optional<ScheduleState> won = ledger.change(
                schedule,
                state -> {
                    if (state.lastTick() != null && !state.lastTick().isBefore(tick)) {
                        return null; // another gateway claimed it, or this tick was fired already
                    }
                    start[0] = schedule.overlap() == Overlap.ALLOW || !busy(schedule, state, now);
                    return start[0]
                            ? state.claimed(tick).started(tick, now)
                            : state.claimed(tick).skipped(call.skipped(tick));
                },
                true);
        if (won.isEmpty()) {
            return;
        }
        if (!start[0]) {
            log.debug("Skipped {}'s tick of {}: the previous call still runs", schedule.qualifiedName(), tick);
            return;
        }
        ScheduledFuture<?> renewal = renewWhileRunning(schedule, tick);
        call.call(schedule, tick, now).subscribe(outcome -> {
            renewal.cancel(false);
            Thread.ofVirtual().start(() -> finish(schedule, outcome));
        });
    }

    /**
     * Renews the running mark of {@code tick}'s call three times per lease until the call ends, so
     * that the other gateways see it runs, and stop seeing it within one lease when this gateway
     * dies mid-call (instead of skipping every tick until max-run).
     */
    private ScheduledFuture<?> renewWhileRunning(Schedule schedule, Instant tick) {
        long every = Math.max(1, runningLease.toMillis() / 3);
        // The renewal writes to NATS: on a virtual thread, so a slow write never delays the timers.
        return timer.scheduleAtFixedRate(
                () -> Thread.ofVirtual().start(() -> renew(schedule, tick)), every, every, TimeUnit.MILLISECONDS);
    }

    private void renew(Schedule schedule, Instant tick) {
        try {
            ledger.change(schedule, state -> state.renewed(tick, clock.instant()), false);
        } catch (RuntimeException e) {
            log.debug("Could not renew {}'s running mark for {}: {}", schedule.qualifiedName(), tick, e.getMessage());
        }
    }

    /**
     * Whether the previous call still counts as running: it started less than max-run ago and its
     * gateway still renews its mark or, when it was queued (async call, background run), its
     * status says it is queued or running.
     */
    private boolean busy(Schedule schedule, ScheduleState state, Instant now) {
        return state.running(now, maxRun, runningLease)
                && (state.runningCall() == null || call.isPending(schedule, state.runningCall()));
    }

    private void finish(Schedule schedule, ScheduleState.Outcome outcome) {
        if (ScheduledCall.QUEUED.equals(outcome.result())) {
            record(schedule, outcome, state -> state.queued(outcome));
            return;
        }
        if (!"succeeded".equals(outcome.result())) {
            log.warn(
                    "Scheduled call of {} for {} failed: status {}{}",
                    schedule.qualifiedName(),
                    outcome.tick(),
                    outcome.status(),
                    outcome.error() == null ? "" : ", " + outcome.error());
        }
        record(schedule, outcome, state -> state.finished(outcome));
    }

    private void record(Schedule schedule, ScheduleState.Outcome outcome, UnaryOperator<ScheduleState> change) {
        try {
            ledger.change(schedule, state -> change.apply(state), false);
        } catch (RuntimeException e) {
            log.warn(
                    "Could not record {}'s outcome for {}: {}",
                    schedule.qualifiedName(),
                    outcome.tick(),
                    e.getMessage());
        }
    }

    private void forget(Schedule schedule) {
        try {
            ledger.forget(schedule);
        } catch (RuntimeException e) {
            log.warn("Could not remove {}'s schedule state: {}", schedule.qualifiedName(), e.getMessage());
        }
    }

    /**
     * Stops every timer and keeps the scheduler usable, for a context that is stopped and started
     * again (Spring pauses cached test contexts so): the next {@link #apply} sets the timers anew,
     * and catches up on missed ticks as after a start.
     */
    synchronized void pause() {
        timers.values().forEach(Timer::cancel);
        timers.clear();
        applied = false;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        timers.clear();
    }

    /** One schedule's timer: wakes at the next tick, fires the latest tick due, sets itself again. */
    private final class Timer {
        final Schedule schedule;
        final Instant armedAt;
        volatile Instant handledUpTo;
        volatile @Nullable Instant nextTick;
        volatile @Nullable ScheduledFuture<?> future;
        volatile boolean cancelled;

        Timer(Schedule schedule, Instant armedAt) {
            this.schedule = schedule;
            this.armedAt = armedAt;
            this.handledUpTo = armedAt;
        }

        void arm() {
            if (cancelled || timer.isShutdown()) {
                return;
            }
            Instant now = clock.instant();
            Optional<Instant> next = schedule.cron().next(handledUpTo.isAfter(now) ? handledUpTo : now);
            nextTick = next.orElse(null);
            next.ifPresent(at -> {
                long delay = Math.max(0, Duration.between(now, at).toMillis());
                future = timer.schedule(this::wake, delay, TimeUnit.MILLISECONDS);
            });
        }

        private void wake() {
            Optional<Instant> due = schedule.cron().latestBetween(handledUpTo, clock.instant());
            due.ifPresent(tick -> {
                handledUpTo = tick;
                Thread.ofVirtual().start(() -> {
                    try {
                        fire(schedule, tick);
                    } catch (RuntimeException e) {
                        log.warn("Could not fire {}'s tick of {}: {}", schedule.qualifiedName(), tick, e.getMessage());
                    }
                });
            });
            arm();
        }

        void cancel() {
            cancelled = true;
            ScheduledFuture<?> current = future;
            if (current != null) {
                current.cancel(false);
            }
        }
    }
}
