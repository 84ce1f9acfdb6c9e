package dev.edgeway.gateway.async;

import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.convert.DurationStyle;

/**
 * How often and on which statuses one function's calls are tried again: the gateway's defaults,
 * overridden by OpenFaaS Pro's annotations on the function ({@code com.openfaas.retry.attempts},
 * {@code .codes}, {@code .min_wait}, {@code .max_wait}). An annotation that does not parse is
 * ignored in favour of the default rather than failing the call.
 */
record RetryPolicy(int attempts, Set<Integer> codes, Duration minWait, Duration maxWait) {

    static final String ATTEMPTS = "com.openfaas.retry.attempts";
    static final String CODES = "com.openfaas.retry.codes";
    static final String MIN_WAIT = "com.openfaas.retry.min_wait";
    static final String MAX_WAIT = "com.openfaas.retry.max_wait";

    static RetryPolicy of(AsyncProperties.Retry defaults, Map<String, String> annotations) {
        int attempts = defaults.attempts();
        try {
            String value = annotations.get(ATTEMPTS);
            attempts = value == null ? attempts : Math.max(1, Integer.parseInt(value.strip()));
        } catch (NumberFormatException e) {
            // keep the default
        }
        Set<Integer> codes = Set.copyOf(defaults.codes());
        String codeList = annotations.get(CODES);
        if (codeList != null) {
            try {
                Set<Integer> parsed = new HashSet<>();
                for (String code : codeList.split(",")) {
                    if (!code.isBlank()) {
                        parsed.add(Integer.parseInt(code.strip()));
                    }
                }
                codes = Set.copyOf(parsed);
            } catch (NumberFormatException e) {
                // keep the default
            }
        }
        return new RetryPolicy(
                attempts,
                codes,
                duration(annotations.get(MIN_WAIT), defaults.minWait()),
                duration(annotations.get(MAX_WAIT), defaults.maxWait()));
    }

    boolean retries(int status) {
        return codes.contains(status);
    }

    private static Duration duration(String value, Duration fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return DurationStyle.detectAndParse(value.strip());
        } catch (IllegalArgumentException e) {
            return fallback;
        }
    }
}
