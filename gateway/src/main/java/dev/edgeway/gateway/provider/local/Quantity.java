package dev.edgeway.gateway.provider.local;

import dev.edgeway.gateway.provider.ProviderException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kubernetes resource quantities ({@code 128Mi}, {@code 500m}, {@code 1.5}, {@code 2e3}) as
 * numbers, for the limits the local provider enforces. A quantity that is malformed, not
 * positive or too large for the machine is a 400 naming its field, never a 500.
 */
final class Quantity {

    private static final Pattern QUANTITY = Pattern.compile(
            "([+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+))(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?[0-9]{1,3})?");
    private static final Map<String, BigDecimal> SUFFIXES = Map.ofEntries(
            Map.entry("", BigDecimal.ONE),
            Map.entry("Ki", BigDecimal.valueOf(1L << 10)),
            Map.entry("Mi", BigDecimal.valueOf(1L << 20)),
            Map.entry("Gi", BigDecimal.valueOf(1L << 30)),
            Map.entry("Ti", BigDecimal.valueOf(1L << 40)),
            Map.entry("Pi", BigDecimal.valueOf(1L << 50)),
            Map.entry("Ei", BigDecimal.valueOf(1L << 60)),
            Map.entry("n", new BigDecimal("1e-9")),
            Map.entry("u", new BigDecimal("1e-6")),
            Map.entry("m", new BigDecimal("1e-3")),
            Map.entry("k", new BigDecimal("1e3")),
            Map.entry("M", new BigDecimal("1e6")),
            Map.entry("G", new BigDecimal("1e9")),
            Map.entry("T", new BigDecimal("1e12")),
            Map.entry("P", new BigDecimal("1e15")),
            Map.entry("E", new BigDecimal("1e18")));
    /** More than any machine this runs on: a limit above it is a typo, not a limit. */
    private static final BigDecimal MAX_BYTES = new BigDecimal("1e18");

    private static final BigDecimal MAX_CORES = BigDecimal.valueOf(1_000_000);

    private Quantity() {}

    /** A memory quantity in bytes, rounded up; {@code field} names it in the 400. */
    static long bytes(String field, String text) {
        BigDecimal value = parse(field, text);
        if (value.compareTo(MAX_BYTES) > 0) {
            throw invalid(field, text, "is more memory than any machine has");
        }
        return atLeastOne(field, text, value.setScale(0, RoundingMode.CEILING));
    }

    /** A CPU quantity in millicores, rounded up; {@code field} names it in the 400. */
    static long millicores(String field, String text) {
        BigDecimal value = parse(field, text);
        if (value.compareTo(MAX_CORES) > 0) {
            throw invalid(field, text, "is more CPUs than any machine has");
        }
        return atLeastOne(field, text, value.movePointRight(3).setScale(0, RoundingMode.CEILING));
    }

    private static BigDecimal parse(String field, String text) {
        Matcher matcher = QUANTITY.matcher(text.trim());
        if (!matcher.matches()) {
            throw invalid(field, text, "is not a quantity (expected e.g. 128Mi, 500m, 1.5)");
        }
        String suffix = matcher.group(2) == null ? "" : matcher.group(2);
        BigDecimal number = new BigDecimal(matcher.group(1));
        if (suffix.startsWith("e") || suffix.startsWith("E")) {
            return number.scaleByPowerOfTen(Integer.parseInt(suffix.substring(1)));
        }
        return number.multiply(SUFFIXES.get(suffix));
    }

    private static long atLeastOne(String field, String text, BigDecimal value) {
        if (value.signum() <= 0) {
            throw invalid(field, text, "must be more than 0");
        }
        return value.longValueExact();
    }

    private static ProviderException invalid(String field, String text, String why) {
        return ProviderException.badRequest("validation failed: " + field + ": " + text + " " + why);
    }
}
