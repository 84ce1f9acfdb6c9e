package dev.edgeway.gateway.provider.local;

import dev.edgeway.gateway.provider.FunctionUsage;
import dev.edgeway.gateway.provider.MeasuredUsage;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * One function's cgroups and what they measured. A classic call gets a cgroup of its own, so
 * its CPU time and peak memory are exact and recorded when it ends ({@code scope=call}). An
 * HTTP-mode replica serves many calls in one cgroup: it is sampled every few seconds instead
 * ({@link #sample}), its CPU time per interval recorded with {@code scope=replica}, so no call
 * pays a file-system round trip. Histograms: {@code gateway_function_cpu_seconds} and
 * {@code gateway_function_memory_peak_bytes}, tagged {@code function_name} and {@code scope}.
 */
final class ResourceMeter {

    private static final double[] CPU_BUCKETS = {0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 60};
    private static final double[] MEMORY_BUCKETS = {1 << 20, 4 << 20, 16 << 20, 64 << 20, 256 << 20, 1 << 30, 4L << 30};

    private final Cgroups cgroups;
    private final String function;
    private final ResourceLimits limits;
    private final @Nullable String memoryLimit;
    private final String scope;
    private final DistributionSummary cpuSeconds;
    private final DistributionSummary memoryPeak;
    private final Set<Cgroup> running = ConcurrentHashMap.newKeySet();
    private final Set<Cgroup> busy = ConcurrentHashMap.newKeySet();
    private long measured;
    private long cpuNanos;
    private long lastCpuNanos;
    private long lastPeak;
    private long maxPeak;
    private long oomKills;
    private long unsampledCpu;
    private long sampledAt = System.nanoTime();
    private @Nullable FunctionUsage usage;

    ResourceMeter(
            Cgroups cgroups,
            String function,
            ResourceLimits limits,
            @Nullable String memoryLimit,
            boolean replicas,
            MeterRegistry registry) {
        this.cgroups = cgroups;
        this.function = function;
        this.limits = limits;
        this.memoryLimit = memoryLimit;
        this.scope = replicas ? "replica" : "call";
        this.cpuSeconds = DistributionSummary.builder("gateway.function.cpu")
                .baseUnit("seconds")
                .description("CPU time of each classic call, or of each HTTP-mode replica per sampling interval")
                .tags("function_name", function, "scope", scope)
                .serviceLevelObjectives(CPU_BUCKETS)
                .register(registry);
        this.memoryPeak = DistributionSummary.builder("gateway.function.memory.peak")
                .baseUnit("bytes")
                .description("Peak memory of each classic call, or of each HTTP-mode replica over its life")
                .tags("function_name", function, "scope", scope)
                .serviceLevelObjectives(MEMORY_BUCKETS)
                .register(registry);
    }

    /** A new cgroup for a call or replica about to start; null when limits are not enforced with cgroups. */
    @Nullable
    Cgroup open() throws IOException {
        if (!cgroups.enabled()) {
            return null;
        }
        Cgroup cgroup = cgroups.create(function, scope, limits);
        running.add(cgroup);
        return cgroup;
    }

    /** Removes the cgroup of a process that could not be started, measuring nothing. */
    void discard(@Nullable Cgroup cgroup) {
        if (cgroup != null) {
            running.remove(cgroup);
            if (!cgroup.remove()) {
                busy.add(cgroup);
            }
        }
    }

    /** The final accounting of a call or replica that ended, recorded once; removes its cgroup. */
    CgroupUsage close(@Nullable Cgroup cgroup) {
        if (cgroup == null) {
            return CgroupUsage.NONE;
        }
        return cgroup.close((usage, unsampled, removed) -> {
            running.remove(cgroup);
            if (!removed) {
                busy.add(cgroup);
            }
            record(usage, unsampled);
        });
    }

    private synchronized void record(CgroupUsage usage, long unsampled) {
        measured++;
        cpuNanos += usage.cpuNanos();
        lastCpuNanos = usage.cpuNanos();
        lastPeak = usage.memoryPeakBytes();
        maxPeak = Math.max(maxPeak, lastPeak);
        oomKills += usage.oomKills();
        unsampledCpu += unsampled;
        cpuSeconds.record((scope.equals("call") ? usage.cpuNanos() : unsampled) / 1e9);
        memoryPeak.record(usage.memoryPeakBytes());
    }

    /**
     * Reads the running cgroups: the function's CPU use since the last sample (faas-provider's
     * {@code usage.cpu}, in millicores) and its memory now. Retries the removal of cgroups that
     * were still busy when their process ended.
     */
    void sample() {
        busy.removeIf(Cgroup::remove);
        long cpu = 0;
        long memory = 0;
        // Read outside this meter's lock: a cgroup's close holds the cgroup's lock, then this one's.
        for (Cgroup cgroup : running) {
            try {
                long delta = cgroup.cpuSinceSample();
                cpu += delta;
                memory += cgroup.memoryBytes();
                if (scope.equals("replica")) {
                    cpuSeconds.record(delta / 1e9);
                }
            } catch (IOException e) {
                // Ended between the listing and the read: its close accounts for it.
            }
        }
        synchronized (this) {
            if (measured == 0 && running.isEmpty() && usage == null) {
                // Nothing ever ran: the status stays as OpenFaaS shows a function without metrics.
                return;
            }
            cpu += unsampledCpu;
            unsampledCpu = 0;
            long now = System.nanoTime();
            double elapsed = Math.max(now - sampledAt, 1);
            sampledAt = now;
            usage = new FunctionUsage(cpu * 1000.0 / elapsed, memory);
        }
    }

    /** faas-provider's {@code usage} as of the last sample; null without cgroups or before one. */
    synchronized @Nullable FunctionUsage usage() {
        return cgroups.enabled() ? usage : null;
    }

    /** Edgeway's measurements; null until a call or replica was measured (never without cgroups). */
    synchronized @Nullable MeasuredUsage measured() {
        if (measured == 0 && usage == null) {
            return null;
        }
        return new MeasuredUsage(
                cgroups.describe(), scope, measured, cpuNanos / 1e9, lastCpuNanos / 1e9, lastPeak, maxPeak, oomKills);
    }

    /** What a call killed by the kernel for its memory answers. */
    String oomMessage() {
        return "killed: memory limit " + memoryLimit + " exceeded";
    }

    /** What the function's log says of it, with the cgroup's counts. */
    String oomDetail(CgroupUsage usage) {
        return oomMessage() + " (oom_kill " + usage.oomKills() + ", peak " + usage.memoryPeakBytes() + " bytes)";
    }

    /** True when the kernel killed a process of this cgroup for exceeding the memory limit. */
    static boolean killedForMemory(CgroupUsage usage) {
        return usage.oomKills() > 0;
    }

    /**
     * Removes this deployment's cgroups, once its processes are gone (delete), and the function's
     * directories unless a new deployment of it has cgroups there already.
     */
    void remove() {
        Set<Cgroup> own = new HashSet<>(running);
        own.addAll(busy);
        cgroups.remove(function, own);
    }
}
