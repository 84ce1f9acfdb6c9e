package dev.edgeway.gateway.provider;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Resource usage of all of a function's replicas, filled in by providers that measure it, with
 * faas-provider's meaning and omission rules.
 *
 * @param cpu CPU used since the last measurement, in millicores (Kubernetes' unit)
 * @param totalMemoryBytes memory in use now, in bytes
 */
public record FunctionUsage(
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) double cpu,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) double totalMemoryBytes) {}
