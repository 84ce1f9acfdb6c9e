package dev.edgeway.gateway.provider.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The cgroup of one classic call or one HTTP-mode replica: its limits, the join of its process
 * before that runs any function code, its accounting, and its removal. On v1 it is one directory
 * in each of the cpu, cpuacct, memory and pids hierarchies (some may be the same); on v2 one
 * directory.
 */
final class Cgroup {

    /**
     * Joins every cgroup named, then becomes the function's command. It runs before bwrap, with
     * constant text: the paths and the command line are its arguments, never part of a script.
     */
    private static final String JOIN = "n=$1; shift; while [ \"$n\" -gt 0 ]; do echo $$ > \"$1\" || exit 125;"
            + " shift; n=$((n-1)); done; exec \"$@\"";

    static final long PERIOD_MICROS = 100_000;

    private final boolean v2;
    private final Path cpu;
    private final Path cpuacct;
    private final Path memory;
    private final Set<Path> dirs;
    private @Nullable CgroupUsage closed;
    private long sampledCpu;

    private Cgroup(boolean v2, Path cpu, Path cpuacct, Path memory, Path pids) {
        this.v2 = v2;
        this.cpu = cpu;
        this.cpuacct = cpuacct;
        this.memory = memory;
        this.dirs = new LinkedHashSet<>(List.of(cpu, cpuacct, memory, pids));
    }

    /** Makes the directories and sets the limits; nothing is left behind when that fails. */
    static Cgroup create(boolean v2, Path cpu, Path cpuacct, Path memory, Path pids, ResourceLimits limits, int maxPids)
            throws IOException {
        Cgroup cgroup = new Cgroup(v2, cpu, cpuacct, memory, pids);
        try {
            for (Path dir : cgroup.dirs) {
                Files.createDirectory(dir);
            }
            Long bytes = limits.memoryBytes();
            if (bytes != null) {
                write(memory, v2 ? "memory.max" : "memory.limit_in_bytes", Long.toString(bytes));
                // Swap would let a function go past its limit; not every kernel accounts it.
                writeIfPresent(memory, v2 ? "memory.swap.max" : "memory.memsw.limit_in_bytes", v2 ? "0" : "" + bytes);
            }
            Long millicores = limits.cpuMillicores();
            if (millicores != null) {
                long quota = Math.max(1000, millicores * PERIOD_MICROS / 1000);
                if (v2) {
                    write(cpu, "cpu.max", quota + " " + PERIOD_MICROS);
                } else {
                    write(cpu, "cpu.cfs_period_us", Long.toString(PERIOD_MICROS));
                    write(cpu, "cpu.cfs_quota_us", Long.toString(quota));
                }
            }
            write(pids, "pids.max", Integer.toString(maxPids));
            return cgroup;
        } catch (IOException | RuntimeException e) {
            cgroup.remove();
            throw e;
        }
    }

    /** {@code argv} behind the join, so the process is in this cgroup before it executes the command. */
    List<String> join(List<String> argv) {
        List<String> joined = new ArrayList<>(List.of("/bin/sh", "-c", JOIN, "edgeway-cgroup"));
        joined.add(Integer.toString(dirs.size()));
        dirs.forEach(dir -> joined.add(dir.resolve("cgroup.procs").toString()));
        joined.addAll(argv);
        return joined;
    }

    long cpuNanos() throws IOException {
        return v2 ? field(cpu.resolve("cpu.stat"), "usage_usec") * 1000 : number(cpuacct.resolve("cpuacct.usage"));
    }

    /** The memory charged now. */
    long memoryBytes() throws IOException {
        return number(memory.resolve(v2 ? "memory.current" : "memory.usage_in_bytes"));
    }

    CgroupUsage usage() throws IOException {
        Path peak = memory.resolve(v2 ? "memory.peak" : "memory.max_usage_in_bytes");
        long peakBytes = Files.exists(peak) ? number(peak) : memoryBytes();
        Path events = memory.resolve(v2 ? "memory.events" : "memory.oom_control");
        long kills = Files.exists(events) ? field(events, "oom_kill") : 0;
        return new CgroupUsage(cpuNanos(), peakBytes, kills);
    }

    /**
     * Processes the kernel killed in it for exceeding the memory limit so far; after its close,
     * the count it had then. The kernel counts a kill as it sends the signal, so a caller that
     * saw its connection cut by the kill finds it counted.
     */
    synchronized long oomKills() {
        if (closed != null) {
            return closed.oomKills();
        }
        Path events = memory.resolve(v2 ? "memory.events" : "memory.oom_control");
        try {
            return Files.exists(events) ? field(events, "oom_kill") : 0;
        } catch (IOException e) {
            // Removed with its function meanwhile: nothing left to tell.
            return 0;
        }
    }

    /** The CPU time since the previous call (or since the cgroup was made), for sampling. */
    synchronized long cpuSinceSample() throws IOException {
        long now = cpuNanos();
        long delta = Math.max(0, now - sampledCpu);
        sampledCpu = now;
        return delta;
    }

    /**
     * Reads the final accounting and removes the cgroup, once: {@code first} sees the usage and
     * the CPU time not yet sampled; later calls answer the same usage.
     */
    synchronized CgroupUsage close(FirstClose first) {
        if (closed == null) {
            CgroupUsage usage;
            try {
                usage = usage();
            } catch (IOException e) {
                usage = CgroupUsage.NONE;
            }
            closed = usage;
            first.closed(usage, Math.max(0, usage.cpuNanos() - sampledCpu), remove());
        }
        return closed;
    }

    /** What the first close learns. */
    interface FirstClose {
        void closed(CgroupUsage usage, long unsampledCpuNanos, boolean removed);
    }

    /**
     * Kills what is still in it (an unsandboxed function's background child) and removes the
     * directories; false when one is still busy, for a later retry.
     */
    boolean remove() {
        boolean removed = true;
        for (Path dir : dirs) {
            removed &= removeDirectory(dir);
        }
        return removed;
    }

    /** Removes a cgroup directory and the cgroups below it, killing their processes. */
    static boolean removeDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            return true;
        }
        try (var children = Files.list(dir)) {
            boolean removed = children.filter(Files::isDirectory).toList().stream()
                    .map(Cgroup::removeDirectory)
                    .reduce(true, Boolean::logicalAnd);
            killAll(dir);
            Files.deleteIfExists(dir);
            return removed;
        } catch (IOException e) {
            return false;
        }
    }

    private static void killAll(Path dir) throws IOException {
        Path procs = dir.resolve("cgroup.procs");
        if (!Files.exists(procs)) {
            return;
        }
        for (String pid : Files.readAllLines(procs)) {
            if (!pid.isBlank()) {
                ProcessHandle.of(Long.parseLong(pid.trim())).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    static void write(Path dir, String file, String value) throws IOException {
        Files.writeString(dir.resolve(file), value);
    }

    private static void writeIfPresent(Path dir, String file, String value) {
        if (Files.exists(dir.resolve(file))) {
            try {
                write(dir, file, value);
            } catch (IOException e) {
                // Swap accounting switched off in the kernel: the memory limit still holds.
            }
        }
    }

    static long number(Path file) throws IOException {
        String text = Files.readString(file).trim();
        return "max".equals(text) ? Long.MAX_VALUE : Long.parseLong(text);
    }

    /** A {@code key value} line of a flat-keyed cgroup file; 0 when it has none. */
    static long field(Path file, String key) throws IOException {
        for (String line : Files.readAllLines(file)) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length == 2 && parts[0].equals(key)) {
                return Long.parseLong(parts[1]);
            }
        }
        return 0;
    }
}
