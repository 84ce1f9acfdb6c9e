package dev.edgeway.gateway.provider;

/**
 * An Edgeway addition to a function's status: what the local provider measured of its calls
 * (classic functions, one cgroup per call) or replicas (HTTP mode, sampled per replica), and how
 * its limits are enforced. Absent until something was measured, and always without cgroups.
 *
 * @param limits the cgroups enforcing {@code limits}: {@code cgroup-v1} or {@code cgroup-v2}
 * @param scope {@code call} or {@code replica}: what one measurement is
 * @param measured calls (or ended replicas) measured since the function was deployed or updated
 * @param cpuSeconds CPU time of all of them together
 * @param lastCpuSeconds CPU time of the last call or ended replica
 * @param lastMemoryPeakBytes peak memory of the last call or ended replica
 * @param maxMemoryPeakBytes the highest peak memory of any of them
 * @param oomKills processes killed for exceeding {@code limits.memory}
 */
public record MeasuredUsage(
        String limits,
        String scope,
        long measured,
        double cpuSeconds,
        double lastCpuSeconds,
        long lastMemoryPeakBytes,
        long maxMemoryPeakBytes,
        long oomKills) {}
