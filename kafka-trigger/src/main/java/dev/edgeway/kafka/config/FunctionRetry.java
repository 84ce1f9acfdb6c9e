package dev.edgeway.kafka.config;

import dev.edgeway.kafka.errors.RetrySettings;
import dev.edgeway.kafka.invoke.DeployedFunction;
import dev.edgeway.kafka.routing.TopicRoutes;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.convert.DurationStyle;

/**
 * A function's own retry settings, from its annotations; what it does not set (or sets to an
 * unusable value, which is logged) keeps the trigger's default.
 *
 * <ul>
 *   <li>{@code com.edgeway.kafka.max-attempts}: calls in all, 1 to 100;
 *   <li>{@code com.edgeway.kafka.retry-initial-interval}, {@code com.edgeway.kafka.retry-max-interval}:
 *       durations such as {@code 200ms} or {@code 2s}, 1 ms to 1 hour;
 *   <li>{@code com.edgeway.kafka.retry-statuses}: the statuses retried, e.g. {@code 429,503}.
 * </ul>
 */
final class FunctionRetry {

    static final String MAX_ATTEMPTS = "com.edgeway.kafka.max-attempts";
    static final String INITIAL_INTERVAL = "com.edgeway.kafka.retry-initial-interval";
    static final String MAX_INTERVAL = "com.edgeway.kafka.retry-max-interval";
    static final String STATUSES = "com.edgeway.kafka.retry-statuses";

    private static final Logger log = LoggerFactory.getLogger(FunctionRetry.class);
    private static final Duration LONGEST = Duration.ofHours(1);

    private final TopicRoutes routes;
    private final RetrySettings defaults;
    // Read once per deployment (a redeploy is a new DeployedFunction), so a bad value is logged once.
    private final Map<DeployedFunction, RetrySettings> read = new ConcurrentHashMap<>();

    FunctionRetry(TopicRoutes routes, RetrySettings defaults) {
        this.routes = routes;
        this.defaults = defaults;
    }

    /** The trigger's own settings ({@code edgeway.kafka.retry.*}). */
    RetrySettings defaults() {
        return defaults;
    }

    /** The retries of a target ({@code name} or {@code name.namespace}); the defaults for a pipeline or unknown one. */
    RetrySettings of(String target) {
        return routes.function(target)
                .map(function -> {
                    if (read.size() > 10_000) {
                        read.clear();
                    }
                    return read.computeIfAbsent(function, f -> of(f, defaults));
                })
                .orElse(defaults);
    }

    /** The function's settings over the defaults; the defaults themselves when it sets none. */
    static RetrySettings of(DeployedFunction function, RetrySettings defaults) {
        Integer attempts = parse(function, MAX_ATTEMPTS, "1 to 100", value -> {
            int n = Integer.parseInt(value);
            return n >= 1 && n <= 100 ? n : null;
        });
        Duration initial = parse(function, INITIAL_INTERVAL, "a duration of 1ms to 1h", FunctionRetry::duration);
        Duration max = parse(function, MAX_INTERVAL, "a duration of 1ms to 1h", FunctionRetry::duration);
        Set<Integer> statuses =
                parse(function, STATUSES, "HTTP statuses 400 to 599, comma separated", FunctionRetry::statuses);
        if (attempts == null && initial == null && max == null && statuses == null) {
            return defaults;
        }
        return new RetrySettings(
                attempts == null ? defaults.maxAttempts() : attempts,
                initial == null ? defaults.initialInterval() : initial,
                defaults.multiplier(),
                max == null ? defaults.maxInterval() : max,
                defaults.jitter(),
                statuses == null ? defaults.statuses() : statuses);
    }

    private interface Parser<T> {
        @Nullable
        T parse(String value);
    }

    private static <T> @Nullable T parse(
            DeployedFunction function, String annotation, String expected, Parser<T> parser) {
        String value = function.annotations().get(annotation);
        if (value == null) {
            return null;
        }
        try {
            T parsed = parser.parse(value.trim());
            if (parsed != null) {
                return parsed;
            }
        } catch (RuntimeException e) {
            // reported below
        }
        log.warn(
                "Function {}: annotation {}: {} (expected: {}); the default applies",
                function.name(),
                annotation,
                value,
                expected);
        return null;
    }

    private static @Nullable Duration duration(String value) {
        Duration duration = DurationStyle.detectAndParse(value);
        return duration.toMillis() >= 1 && duration.compareTo(LONGEST) <= 0 ? duration : null;
    }

    private static @Nullable Set<Integer> statuses(String value) {
        Set<Integer> statuses = new LinkedHashSet<>();
        for (String part : value.split(",")) {
            int status = Integer.parseInt(part.trim());
            if (status < 400 || status > 599) {
                return null;
            }
            statuses.add(status);
        }
        return statuses;
    }
}
