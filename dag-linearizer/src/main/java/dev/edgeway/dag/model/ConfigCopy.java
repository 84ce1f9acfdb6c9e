package dev.edgeway.dag.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Deep, order-keeping, unmodifiable copies of a step's free configuration: maps with string
 * keys, lists, strings, numbers and booleans. Null values are refused; the parser reports them.
 */
final class ConfigCopy {

    private ConfigCopy() {}

    static Map<String, Object> of(Map<String, Object> config) {
        return copyMap(config, "config");
    }

    private static Map<String, Object> copyMap(Map<?, ?> map, String path) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((key, value) -> {
            String name = String.valueOf(Objects.requireNonNull(key, path + ": null key"));
            copy.put(name, copyValue(value, path + "." + name));
        });
        return Collections.unmodifiableMap(copy);
    }

    private static Object copyValue(Object value, String path) {
        Objects.requireNonNull(value, path);
        if (value instanceof Map<?, ?> map) {
            return copyMap(map, path);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                copy.add(copyValue(list.get(i), path + "[" + i + "]"));
            }
            return Collections.unmodifiableList(copy);
        }
        return value;
    }
}
