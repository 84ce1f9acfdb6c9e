package dev.edgeway.gateway.provider.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Where this gateway's cgroups live, per controller: read from {@code /proc/self/mounts} and
 * {@code /proc/self/cgroup}. Each parent is below the gateway's own cgroup in its hierarchy, so
 * a gateway in a container or a delegated systemd unit stays inside what it was given.
 *
 * <p>On v2 a cgroup with processes cannot hand controllers to its children. When the gateway's
 * own cgroup refuses, the gateway moves itself into a leaf of its own beside the parent
 * ({@code <parent>-gateway}), as systemd asks of a delegated service, and tries again.
 */
final class CgroupLayout {

    static final List<String> CONTROLLERS = List.of("cpu", "cpuacct", "memory", "pids");
    static final CgroupLayout NONE = new CgroupLayout(false, Map.of(), null);
    private static final String ENABLE = "+cpu +memory +pids";

    private final boolean v2;
    private final Map<String, Path> parents;
    private final @Nullable Path own;

    private CgroupLayout(boolean v2, Map<String, Path> parents, @Nullable Path own) {
        this.v2 = v2;
        this.parents = Map.copyOf(parents);
        this.own = own;
    }

    /** v1 when it has all four controllers, else v2 when its root offers them; a reason otherwise. */
    static CgroupLayout detect(String parent) throws IOException {
        return detect(parent, Path.of("/proc/self/mounts"), Path.of("/proc/self/cgroup"));
    }

    /** As {@link #detect(String)}, from the given mount table and cgroup membership files. */
    static CgroupLayout detect(String parent, Path mountTable, Path membership) throws IOException {
        List<String[]> mounts = Files.readAllLines(mountTable).stream()
                .map(line -> line.split(" "))
                .filter(fields -> fields.length >= 4)
                .toList();
        List<String[]> memberships = Files.readAllLines(membership).stream()
                .map(line -> line.split(":", 3))
                .filter(fields -> fields.length == 3)
                .toList();
        Map<String, Path> v1 = new LinkedHashMap<>();
        for (String controller : CONTROLLERS) {
            for (String[] mount : mounts) {
                if (mount[2].equals("cgroup") && Set.of(mount[3].split(",")).contains(controller)) {
                    v1.put(
                            controller,
                            below(Path.of(mount[1]), ownPath(memberships, controller))
                                    .resolve(parent));
                }
            }
        }
        if (v1.size() == CONTROLLERS.size()) {
            return new CgroupLayout(false, v1, null);
        }
        for (String[] mount : mounts) {
            Path root = Path.of(mount[1]);
            if (mount[2].equals("cgroup2") && Files.exists(root.resolve("cgroup.controllers"))) {
                Path own = below(root, ownPath(memberships, ""));
                if (own.getFileName() != null && own.getFileName().toString().matches("edgeway-.*-gateway")) {
                    // An earlier instance in this JVM moved it into a leaf of its own: the cgroup
                    // it was given is the one above.
                    own = own.getParent();
                }
                List<String> offered = Arrays.asList(
                        Cgroups.read(own.resolve("cgroup.controllers")).split(" "));
                if (offered.containsAll(List.of("cpu", "memory", "pids"))) {
                    Path dir = own.resolve(parent);
                    Map<String, Path> all = new LinkedHashMap<>();
                    CONTROLLERS.forEach(controller -> all.put(controller, dir));
                    return new CgroupLayout(true, all, own);
                }
                throw new IOException("cgroup v2 at " + own + " offers " + offered + ", not cpu, memory and pids");
            }
        }
        throw new IOException("no cgroup v1 hierarchy for each of " + CONTROLLERS + " and no cgroup v2 mounted");
    }

    /** The gateway's own cgroup in a hierarchy, or the hierarchy's root when it is not visible there. */
    private static Path below(Path mount, String own) {
        Path dir = mount.resolve(own.startsWith("/") ? own.substring(1) : own);
        return Files.isDirectory(dir) ? dir : mount;
    }

    private static String ownPath(List<String[]> memberships, String controller) {
        for (String[] fields : memberships) {
            if (controller.isEmpty()
                    ? fields[0].equals("0") && fields[1].isEmpty()
                    : Set.of(fields[1].split(",")).contains(controller)) {
                return fields[2];
            }
        }
        return "/";
    }

    /**
     * Removes the cgroups that dead runs left behind beside this instance's parents (those whose
     * name {@code leftover} accepts: never a running instance's), makes the parents and gives
     * them their CPU weight.
     *
     * @return the leftovers that still had processes being killed, to be removed again later
     */
    Set<Path> prepare(Predicate<String> leftover) throws IOException {
        Set<Path> busy = new LinkedHashSet<>();
        for (Path dir : Cgroups.distinct(parents)) {
            try (Stream<Path> siblings = Files.list(dir.getParent())) {
                for (Path sibling : siblings.toList()) {
                    if (Files.isDirectory(sibling)
                            && leftover.test(sibling.getFileName().toString())
                            && !Cgroup.removeDirectory(sibling)) {
                        busy.add(sibling);
                    }
                }
            }
        }
        if (v2 && own != null) {
            enableBelow(own);
        }
        for (Path dir : Cgroups.distinct(parents)) {
            Files.createDirectories(dir);
            if (v2) {
                Cgroup.write(dir, "cgroup.subtree_control", ENABLE);
            }
        }
        weigh(parents.get("cpu"));
        return busy;
    }

    /**
     * The functions' share of the CPU when the machine is busy. A new cgroup has the weight of
     * one thread (v1 {@code cpu.shares} 1024, v2 {@code cpu.weight} 100), and the scheduler sets
     * it, as one, against every thread of the gateway's cgroup: the gateway's own and, on v1
     * where it runs in the root, every process of the machine. With a load of 15 on two cores an
     * HTTP-mode replica served a third of what the same process did outside it
     * (docs/benchmarks.md). Weighted as many busy threads as the gateway has CPUs, the functions
     * together compete as one unconfined multi-threaded process would; {@code limits.cpu} still
     * caps each call or replica.
     */
    private void weigh(Path cpu) throws IOException {
        int cpus = Runtime.getRuntime().availableProcessors();
        if (v2) {
            Cgroup.write(cpu, "cpu.weight", Long.toString(Math.min(10_000L, cpus * 100L)));
        } else {
            Cgroup.write(cpu, "cpu.shares", Long.toString(Math.min(262_144L, cpus * 1024L)));
        }
    }

    private void enableBelow(Path own) throws IOException {
        try {
            Cgroup.write(own, "cgroup.subtree_control", ENABLE);
        } catch (IOException busy) {
            Path leaf = own.resolve(parents.get("cpu").getFileName() + "-gateway");
            Files.createDirectories(leaf);
            Cgroup.write(
                    leaf, "cgroup.procs", Long.toString(ProcessHandle.current().pid()));
            Cgroup.write(own, "cgroup.subtree_control", ENABLE);
        }
    }

    /** A function's directories, made when absent. */
    Map<String, Path> function(String function) throws IOException {
        Map<String, Path> dirs = functionPaths(function);
        for (Path dir : Cgroups.distinct(dirs)) {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir);
                if (v2) {
                    Cgroup.write(dir, "cgroup.subtree_control", ENABLE);
                }
            }
        }
        return dirs;
    }

    Map<String, Path> functionPaths(String function) {
        Map<String, Path> dirs = new LinkedHashMap<>();
        parents.forEach((controller, dir) -> dirs.put(controller, dir.resolve(function)));
        return dirs;
    }

    Map<String, Path> parents() {
        return parents;
    }

    boolean v2() {
        return v2;
    }

    String describe() {
        return v2 ? "cgroup-v2" : "cgroup-v1";
    }
}
