package dev.edgeway.kafka.config;

import dev.edgeway.kafka.invoke.DeployedFunction;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A function's own retry setting, from its annotation {@code com.edgeway.kafka.max-attempts}. */
final class FunctionRetry {

    static final String MAX_ATTEMPTS = "com.edgeway.kafka.max-attempts";

    private static final Logger log = LoggerFactory.getLogger(FunctionRetry.class);

    private FunctionRetry() {}

    /** The calls in all for this function; empty when it sets none, or an unusable value (logged). */
    static Optional<Integer> maxAttempts(DeployedFunction function) {
        String value = function.annotations().get(MAX_ATTEMPTS);
        if (value == null) {
            return Optional.empty();
        }
        try {
            int attempts = Integer.parseInt(value.trim());
            if (attempts >= 1 && attempts <= 100) {
                return Optional.of(attempts);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        log.warn(
                "Function {}: annotation {}: {} (expected: 1 to 100); the default applies",
                function.name(),
                MAX_ATTEMPTS,
                value);
        return Optional.empty();
    }
}
