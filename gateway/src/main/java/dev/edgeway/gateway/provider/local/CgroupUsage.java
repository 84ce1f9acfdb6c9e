package dev.edgeway.gateway.provider.local;

/**
 * What one call's or replica's cgroup accounted: CPU time, the peak of its memory and how often
 * the kernel killed one of its processes for exceeding the memory limit.
 *
 * @param cpuNanos CPU time of every process in it, user and system
 * @param memoryPeakBytes the highest memory charge seen (v1: {@code memory.max_usage_in_bytes};
 *     v2: {@code memory.peak})
 * @param oomKills processes killed by the cgroup's out-of-memory killer
 */
record CgroupUsage(long cpuNanos, long memoryPeakBytes, long oomKills) {

    static final CgroupUsage NONE = new CgroupUsage(0, 0, 0);
}
