package dev.edgeway.gateway.provider;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/** The body of {@code POST /system/scale-function/{name}}. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonFormat(with = JsonFormat.Feature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
public record ScaleServiceRequest(
        @Nullable String serviceName,
        long replicas,

        @JsonInclude(JsonInclude.Include.NON_EMPTY) @Nullable
        String namespace) {}
