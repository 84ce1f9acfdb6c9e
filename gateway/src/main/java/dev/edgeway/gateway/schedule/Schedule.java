package dev.edgeway.gateway.schedule;

import java.util.Objects;

/**
 * One scheduled function, as its annotations describe it.
 *
 * @param function the function's name
 * @param namespace the function's namespace
 * @param cron when it fires
 * @param overlap what a tick does while the previous call runs
 * @param asyncRequested whether the function asked for {@code async: "true"} (cron-connector's
 *     annotation); called synchronously until {@code /async-function} exists
 */
record Schedule(String function, String namespace, CronSchedule cron, Overlap overlap, boolean asyncRequested) {

    Schedule {
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(cron, "cron");
        Objects.requireNonNull(overlap, "overlap");
    }

    /**
     * The schedule's key in the schedules bucket. Names and namespaces are DNS-1123 labels, so
     * they are valid NATS key tokens as they are.
     */
    String key() {
        return "fn." + namespace + "." + function;
    }

    /** {@code name.namespace}, as metrics and messages name the function. */
    String qualifiedName() {
        return function + "." + namespace;
    }
}
