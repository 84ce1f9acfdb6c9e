package dev.edgeway.gateway.provider;

/** Resource usage of a function, filled in by providers that measure it. */
public record FunctionUsage(double cpu, double totalMemoryBytes) {}
