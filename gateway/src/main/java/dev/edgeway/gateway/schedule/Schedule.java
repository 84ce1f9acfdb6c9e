package dev.edgeway.gateway.schedule;

import java.util.Objects;

/**
 * One schedule: of a function, as its annotations describe it, or of a pipeline, as its
 * definition's {@code schedule} does.
 *
 * @param function the function's or the pipeline's name
 * @param namespace the function's namespace; empty for a pipeline
 * @param cron when it fires
 * @param overlap what a tick does while the previous call (or run) is queued or runs
 * @param asyncRequested whether the schedule asked for an asynchronous call ({@code async: "true"}, as
 *     cron-connector's annotation): through the async queue, or as a background run for a pipeline
 * @param kind what it calls
 */
record Schedule(
        String function, String namespace, CronSchedule cron, Overlap overlap, boolean asyncRequested, Kind kind) {

    /** What a schedule calls. */
    enum Kind {
        FUNCTION,
        PIPELINE
    }

    Schedule {
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(cron, "cron");
        Objects.requireNonNull(overlap, "overlap");
        Objects.requireNonNull(kind, "kind");
    }

    /** A function's schedule. */
    Schedule(String function, String namespace, CronSchedule cron, Overlap overlap, boolean asyncRequested) {
        this(function, namespace, cron, overlap, asyncRequested, Kind.FUNCTION);
    }

    /** A pipeline's schedule. */
    static Schedule ofPipeline(String pipeline, CronSchedule cron, Overlap overlap, boolean async) {
        return new Schedule(pipeline, "", cron, overlap, async, Kind.PIPELINE);
    }

    /**
     * The schedule's key in the schedules bucket. Names and namespaces are DNS-1123 labels, so
     * they are valid NATS key tokens as they are.
     */
    String key() {
        return kind == Kind.PIPELINE ? "pl." + function : "fn." + namespace + "." + function;
    }

    /** {@code name.namespace}, as metrics and messages name the function; {@code pipeline name} for a pipeline. */
    String qualifiedName() {
        return kind == Kind.PIPELINE ? "pipeline " + function : function + "." + namespace;
    }
}
