package dev.edgeway.gateway.provider.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * The cgroups the gateway may create for its functions, found once at start: v1 (a hierarchy
 * each for cpu, cpuacct, memory and pids) or v2 (one unified hierarchy with those controllers).
 * Everything lives under one parent per gateway, {@code edgeway-<hash of the data directory>},
 * below the gateway's own cgroup, so two gateways never share one: {@code
 * <parent>/<name>.<namespace>/<call or replica>}.
 */
final class Cgroups {

    private static final Logger logger = LoggerFactory.getLogger(Cgroups.class);

    private static final int RETRIES = 50;
    private static final Duration RETRY = Duration.ofMillis(100);

    private final CgroupLayout layout;
    private final int maxPids;

    private Cgroups(CgroupLayout layout, int maxPids) {
        this.layout = layout;
        this.maxPids = maxPids;
    }

    /** The cgroups of a layout found (and prepared) already. */
    static Cgroups of(CgroupLayout layout, int maxPids) {
        return new Cgroups(layout, maxPids);
    }

    /** No cgroups: limits fall back to rlimits. */
    static Cgroups off() {
        return new Cgroups(CgroupLayout.NONE, 1);
    }

    /**
     * The cgroups the mode asks for, after creating a probe cgroup once: with {@code auto} a
     * machine where that fails gets one warning; with {@code required} it is a start-up error.
     */
    static Cgroups start(CgroupMode mode, Path dataDir, int maxPids) {
        if (mode == CgroupMode.OFF) {
            logger.info("Local functions' limits use rlimits (edgeway.gateway.local.cgroups=off)");
            return off();
        }
        String parent = "edgeway-" + hash(dataDir.toAbsolutePath().normalize().toString());
        String failure;
        try {
            CgroupLayout layout = CgroupLayout.detect(parent);
            Cgroups cgroups = new Cgroups(layout, maxPids);
            cgroups.layout.prepare();
            cgroups.create("probe", "probe", new ResourceLimits(64L << 20, 100L))
                    .remove();
            cgroups.remove("probe");
            logger.info("Local functions' limits use {} under {}", layout.describe(), layout.parents());
            return cgroups;
        } catch (IOException | RuntimeException e) {
            failure = e.getMessage() == null ? e.toString() : e.getMessage();
        }
        if (mode == CgroupMode.REQUIRED) {
            throw new IllegalStateException("edgeway.gateway.local.cgroups=required, but no cgroup can be created: "
                    + failure + " (run as root or in a delegated cgroup, or set edgeway.gateway.local.cgroups=off)");
        }
        logger.warn(
                "Local functions' limits use rlimits: no cgroup can be created ({}). limits.memory is an"
                        + " address-space limit, limits.cpu and the pids limit are not enforced, and nothing is"
                        + " measured. Run the gateway as root or in a delegated cgroup, or set"
                        + " edgeway.gateway.local.cgroups=off to silence this warning.",
                failure);
        return off();
    }

    boolean enabled() {
        return layout != CgroupLayout.NONE;
    }

    /** The mode in force, as {@code /system/info} shows it: {@code cgroup-v1}, {@code cgroup-v2} or {@code rlimit}. */
    String describe() {
        return enabled() ? layout.describe() : "rlimit";
    }

    /**
     * A new cgroup for one call or replica of a function, with the function's limits and the
     * pids limit.
     *
     * @param function the function's key, {@code name.namespace}
     * @param leaf a name unique among the function's cgroups
     */
    Cgroup create(String function, String leaf, ResourceLimits limits) throws IOException {
        Map<String, Path> dirs = layout.function(function);
        return Cgroup.create(
                layout.v2(),
                dirs.get("cpu").resolve(leaf),
                dirs.get("cpuacct").resolve(leaf),
                dirs.get("memory").resolve(leaf),
                dirs.get("pids").resolve(leaf),
                limits,
                maxPids);
    }

    /**
     * Removes a function's cgroups (its calls' and replicas' too, killing what runs in them). A
     * cgroup stays busy until the processes killed in it are reaped, so a failed removal is
     * tried again a little later, for a few seconds.
     */
    void remove(String function) {
        if (enabled()) {
            Set<Path> dirs = distinct(layout.functionPaths(function));
            removal(dirs)
                    .subscribeOn(Schedulers.boundedElastic())
                    .subscribe(
                            done -> {},
                            e -> logger.warn("Could not remove the cgroups {}: processes are still in them", dirs));
        }
    }

    /** Removes the directories, trying again every {@link #RETRY} while processes are still in them. */
    private static Mono<Void> removal(Set<Path> dirs) {
        return Mono.fromRunnable(() -> {
                    if (!dirs.stream().map(Cgroup::removeDirectory).reduce(true, Boolean::logicalAnd)) {
                        throw new IllegalStateException("cgroups still busy: " + dirs);
                    }
                })
                .retryWhen(Retry.fixedDelay(RETRIES, RETRY))
                .then();
    }

    /** Removes every cgroup of this gateway, when it stops; waits a few seconds for busy ones. */
    void close() {
        if (!enabled()) {
            return;
        }
        Set<Path> parents = distinct(layout.parents());
        try {
            // The application is stopping: waiting here is what lets the directories go.
            removal(parents).block();
        } catch (RuntimeException e) {
            logger.warn("Could not remove the cgroups {}: processes are still in them", parents);
        }
    }

    /** A function's directories, one per hierarchy (none without cgroups). */
    Set<Path> directories(String function) {
        return enabled() ? distinct(layout.functionPaths(function)) : Set.of();
    }

    /** This gateway's parents, one per hierarchy (none without cgroups). */
    Set<Path> parents() {
        return enabled() ? distinct(layout.parents()) : Set.of();
    }

    static Set<Path> distinct(Map<String, Path> dirs) {
        return new LinkedHashSet<>(dirs.values());
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads a file that the kernel made; the text, trimmed. */
    static String read(Path file) throws IOException {
        return Files.readString(file).trim();
    }
}
