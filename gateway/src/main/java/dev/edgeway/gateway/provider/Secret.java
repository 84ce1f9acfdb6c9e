package dev.edgeway.gateway.provider;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * A secret as {@code /system/secrets} takes it: {@code value} as text, or {@code rawValue} as
 * base64 bytes when {@code value} is empty. Values are never returned by the API.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonFormat(with = JsonFormat.Feature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
public record Secret(
        @Nullable String name,
        @Nullable String namespace,
        @Nullable String value,
        byte @Nullable [] rawValue) {

    /** The secret's bytes: {@code value} when set, else {@code rawValue}, else nothing. */
    public byte[] bytes() {
        if (value != null && !value.isEmpty()) {
            return value.getBytes(StandardCharsets.UTF_8);
        }
        return rawValue == null ? new byte[0] : rawValue.clone();
    }

    /** The name and namespace only, as the list endpoint shows a secret. */
    public static Secret named(String name, String namespace) {
        return new Secret(name, namespace, null, null);
    }

    @Override
    public String toString() {
        return "Secret[name=" + name + ", namespace=" + namespace + "]";
    }
}
