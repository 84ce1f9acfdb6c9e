package dev.edgeway.gateway.autoscaling;

import dev.edgeway.gateway.config.GoDurations;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * One function's scaling labels with OpenFaaS Pro's defaults. A value that does not parse is
 * taken as absent, as OpenFaaS does, so a typo never stops a function from being served.
 *
 * @param min {@code com.openfaas.scale.min}, default 1
 * @param max {@code com.openfaas.scale.max}, default the gateway's default maximum (20)
 * @param target {@code com.openfaas.scale.target}: load one replica is meant to carry, default 50
 * @param targetProportion {@code com.openfaas.scale.target-proportion}, default 0.90
 * @param type {@code com.openfaas.scale.type}: {@code rps} (default), {@code capacity} or {@code cpu}
 * @param zero {@code com.openfaas.scale.zero}: whether an idle function goes to zero replicas
 * @param zeroDuration {@code com.openfaas.scale.zero-duration}: how long idle before that, default 15m
 */
record ScalingPolicy(
        long min,
        long max,
        double target,
        double targetProportion,
        LoadType type,
        boolean zero,
        Duration zeroDuration) {

    static final String PREFIX = "com.openfaas.scale.";
    static final Duration DEFAULT_ZERO_DURATION = Duration.ofMinutes(15);

    /** What a replica's load is measured in. */
    enum LoadType {
        /** Calls started per second. */
        RPS,
        /** Calls in flight. */
        CAPACITY,
        /**
         * CPU use in millicores, all replicas together, as the provider reports it in the status's
         * {@code usage.cpu} (the local provider with cgroups; faas-netes with its metrics). A
         * function whose provider reports none keeps its replicas.
         */
        CPU
    }

    static ScalingPolicy from(Map<String, String> labels, long defaultMax) {
        long min = Math.max(1, number(labels, "min", 1));
        long max = Math.max(min, number(labels, "max", Math.max(defaultMax, min)));
        double target = positive(labels, "target", 50);
        double proportion = positive(labels, "target-proportion", 0.90);
        LoadType type =
                switch (labels.getOrDefault(PREFIX + "type", "rps").trim().toLowerCase(Locale.ROOT)) {
                    case "capacity" -> LoadType.CAPACITY;
                    case "cpu" -> LoadType.CPU;
                    default -> LoadType.RPS;
                };
        boolean zero =
                "true".equalsIgnoreCase(labels.getOrDefault(PREFIX + "zero", "").trim());
        Duration zeroDuration = GoDurations.parse(labels.getOrDefault(PREFIX + "zero-duration", ""))
                .filter(d -> !d.isZero() && !d.isNegative())
                .orElse(DEFAULT_ZERO_DURATION);
        return new ScalingPolicy(min, max, target, proportion, type, zero, zeroDuration);
    }

    /** {@code max} equal to {@code min} switches load-based scaling off, as in OpenFaaS Pro. */
    boolean fixed() {
        return max <= min;
    }

    /** The load one replica should carry before another is added. */
    double perReplica() {
        return target * targetProportion;
    }

    private static long number(Map<String, String> labels, String key, long fallback) {
        try {
            long value = Long.parseLong(labels.getOrDefault(PREFIX + key, "").trim());
            return value < 0 ? fallback : value;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static double positive(Map<String, String> labels, String key, double fallback) {
        try {
            double value =
                    Double.parseDouble(labels.getOrDefault(PREFIX + key, "").trim());
            return Double.isFinite(value) && value > 0 ? value : fallback;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
