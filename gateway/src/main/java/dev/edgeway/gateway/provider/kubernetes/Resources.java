package dev.edgeway.gateway.provider.kubernetes;

import dev.edgeway.gateway.provider.FunctionDeployment;
import dev.edgeway.gateway.provider.FunctionResources;
import dev.edgeway.gateway.provider.ProviderException;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A deployment's {@code limits} and {@code requests} as Kubernetes resource lists, parsed with
 * fabric8's {@link Quantity}. A malformed or non-positive quantity is a 400 naming its field at
 * deploy, as faas-netes answers {@code resource.ParseQuantity}'s error, never a 422 from the API
 * server later.
 */
final class Resources {

    private Resources() {}

    static ResourceRequirements of(FunctionDeployment function) {
        return new ResourceRequirementsBuilder()
                .withLimits(list("limits", function.limits()))
                .withRequests(list("requests", function.requests()))
                .build();
    }

    /** The wire form of a resource list, or null when it is empty (faas-netes omits it then). */
    static @Nullable FunctionResources wire(@Nullable Map<String, Quantity> list) {
        if (list == null || list.isEmpty()) {
            return null;
        }
        return new FunctionResources(
                text(list.get("memory")),
                text(list.get("cpu")),
                text(list.get("nvidia.com/gpu")),
                text(list.get("amd.com/gpu")),
                text(list.get("intel.com/gpu")));
    }

    private static Map<String, Quantity> list(String field, @Nullable FunctionResources resources) {
        Map<String, Quantity> list = new LinkedHashMap<>();
        if (resources == null) {
            return list;
        }
        put(list, field, "memory", resources.memory());
        put(list, field, "cpu", resources.cpu());
        put(list, field, "nvidia.com/gpu", resources.nvidiaGpu());
        put(list, field, "amd.com/gpu", resources.amdGpu());
        put(list, field, "intel.com/gpu", resources.intelGpu());
        return list;
    }

    private static void put(Map<String, Quantity> list, String field, String key, @Nullable String text) {
        if (text == null || text.isBlank()) {
            return;
        }
        list.put(key, parse(field + "." + key, text.trim()));
    }

    private static Quantity parse(String field, String text) {
        Quantity quantity;
        BigDecimal amount;
        try {
            quantity = Quantity.parse(text);
            amount = quantity.getNumericalAmount();
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw invalid(field, text, "is not a quantity (expected e.g. 128Mi, 500m, 1.5)");
        }
        if (amount.signum() <= 0) {
            throw invalid(field, text, "must be more than 0");
        }
        return quantity;
    }

    private static @Nullable String text(@Nullable Quantity quantity) {
        return quantity == null ? null : quantity.toString();
    }

    private static ProviderException invalid(String field, String text, String why) {
        return ProviderException.badRequest("validation failed: " + field + ": " + text + " " + why);
    }
}
