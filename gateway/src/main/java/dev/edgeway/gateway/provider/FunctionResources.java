package dev.edgeway.gateway.provider;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/** CPU, memory and GPU quantities, echoed exactly as given ("128M", "100m"). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record FunctionResources(
        @Nullable String memory,
        @Nullable String cpu,
        @JsonProperty("nvidia.com/gpu") @Nullable String nvidiaGpu,
        @JsonProperty("amd.com/gpu") @Nullable String amdGpu,
        @JsonProperty("intel.com/gpu") @Nullable String intelGpu) {}
