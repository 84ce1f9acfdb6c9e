package dev.edgeway.gateway.provider.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * The cgroups the gateway may create for its functions, found once at start: v1 (a hierarchy
 * each for cpu, cpuacct, memory and pids) or v2 (one unified hierarchy with those controllers).
 * Everything lives under one parent per gateway instance, {@code edgeway-<hash of the data
 * directory>-<n>} below the gateway's own cgroup, where {@code n} is the instance's
 * {@link CgroupClaim} among those running on the same data directory, so no two running
 * gateways share one: {@code <parent>/<name>.<namespace>/<call or replica>}. At start, the
 * parents of the same data directory that no running instance claims are a killed run's
 * leftovers and are removed; those of running instances are left alone.
 */
final class Cgroups {

    private static final Logger logger = LoggerFactory.getLogger(Cgroups.class);

    private static final int RETRIES = 50;
    private static final Duration RETRY = Duration.ofMillis(100);

    private final CgroupLayout layout;
    private final int maxPids;
    private final @Nullable CgroupClaim claim;
    /** Numbers the leaves across deployments: see {@link #create}. */
    private final AtomicLong leaves = new AtomicLong();

    private Cgroups(CgroupLayout layout, int maxPids, @Nullable CgroupClaim claim) {
        this.layout = layout;
        this.maxPids = maxPids;
        this.claim = claim;
    }

    /** The cgroups of a layout found (and prepared) already. */
    static Cgroups of(CgroupLayout layout, int maxPids) {
        return new Cgroups(layout, maxPids, null);
    }

    /** No cgroups: limits fall back to rlimits. */
    static Cgroups off() {
        return new Cgroups(CgroupLayout.NONE, 1, null);
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
        String family = "edgeway-" + hash(dataDir.toAbsolutePath().normalize().toString());
        Path claims = dataDir.resolve("run").resolve("cgroups");
        String failure;
        CgroupClaim claim = null;
        try {
            claim = CgroupClaim.take(claims);
            String own = family + "-" + claim.instance();
            CgroupLayout layout = CgroupLayout.detect(own);
            Cgroups cgroups = new Cgroups(layout, maxPids, claim);
            // This instance's own name found before it made it is a dead run's that had the same number.
            Set<Path> busy = layout.prepare(name -> name.equals(own) || leftover(name, family, claims));
            if (!busy.isEmpty()) {
                removeSoon(busy);
            }
            cgroups.remove("probe", List.of(cgroups.create("probe", "probe", new ResourceLimits(64L << 20, 100L))));
            logger.info("Local functions' limits use {} under {}", layout.describe(), layout.parents());
            return cgroups;
        } catch (IOException | RuntimeException e) {
            failure = e.getMessage() == null ? e.toString() : e.getMessage();
            release(claim);
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

    /**
     * Whether a cgroup beside this instance's parents is a dead run's on the same data directory:
     * {@code <family>-<n>} with {@code n} claimed by no running instance, or {@code <family>} as gateways
     * before instance numbers named it. Never the {@code -gateway} leaf a gateway runs in on v2.
     */
    private static boolean leftover(String name, String family, Path claims) {
        if (name.equals(family)) {
            return true;
        }
        if (!name.startsWith(family + "-")) {
            return false;
        }
        String number = name.substring(family.length() + 1);
        if (!number.matches("[0-9]{1,9}")) {
            return false;
        }
        try {
            return CgroupClaim.abandoned(claims, Integer.parseInt(number));
        } catch (IOException e) {
            // Cannot tell: a running instance's cgroups must never be removed.
            return false;
        }
    }

    private static void release(@Nullable CgroupClaim claim) {
        if (claim != null) {
            try {
                claim.close();
            } catch (IOException e) {
                logger.debug("Could not release the cgroup claim {}: {}", claim.instance(), e.getMessage());
            }
        }
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
     * pids limit. Its leaf is {@code <scope>-<n>} with {@code n} unique in this gateway, not in
     * the deployment: a function deleted and deployed again at once may still have the old
     * deployment's cgroups being removed beside the new one's.
     *
     * @param function the function's key, {@code name.namespace}
     * @param scope {@code call} or {@code replica}
     */
    Cgroup create(String function, String scope, ResourceLimits limits) throws IOException {
        String leaf = scope + "-" + leaves.incrementAndGet();
        for (int attempt = 1; ; attempt++) {
            Map<String, Path> dirs = layout.function(function);
            try {
                return Cgroup.create(
                        layout.v2(),
                        dirs.get("cpu").resolve(leaf),
                        dirs.get("cpuacct").resolve(leaf),
                        dirs.get("memory").resolve(leaf),
                        dirs.get("pids").resolve(leaf),
                        limits,
                        maxPids);
            } catch (NoSuchFileException removed) {
                // The function's directory went with its previous deployment's last cgroup just now.
                if (attempt == 3) {
                    throw removed;
                }
            }
        }
    }

    /**
     * Removes the cgroups of one deployment of a function in the background, killing what still
     * runs in them, then the function's directories unless another deployment's cgroups are in
     * them already: a function deleted and deployed again at once keeps its new calls' cgroups.
     */
    void remove(String function, Collection<Cgroup> deployment) {
        removal(function, deployment)
                .subscribeOn(Schedulers.boundedElastic())
                .subscribe(
                        done -> {},
                        e -> logger.warn("Could not remove the cgroups of {}: processes are still in them", function));
    }

    /** {@link #remove(String, Collection)}, when subscribed. */
    Mono<Void> removal(String function, Collection<Cgroup> deployment) {
        if (!enabled()) {
            return Mono.empty();
        }
        Set<Path> dirs = distinct(layout.functionPaths(function));
        return Mono.fromRunnable(() -> {
                    if (!deployment.stream().map(Cgroup::remove).reduce(true, Boolean::logicalAnd)) {
                        throw new IllegalStateException("cgroups of " + function + " still busy");
                    }
                })
                .retryWhen(Retry.fixedDelay(RETRIES, RETRY))
                .then(Mono.fromRunnable(() -> dirs.forEach(Cgroups::removeUnlessUsed)));
    }

    private static void removeUnlessUsed(Path dir) {
        try {
            Files.deleteIfExists(dir);
        } catch (IOException used) {
            // A new deployment's cgroups are in it: it is theirs now.
        }
    }

    /** Removes the directories in the background, trying again while processes are still in them. */
    private static void removeSoon(Set<Path> dirs) {
        removal(dirs)
                .subscribeOn(Schedulers.boundedElastic())
                .subscribe(
                        done -> {},
                        e -> logger.warn("Could not remove the cgroups {}: processes are still in them", dirs));
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
            // Left with the claim released: the next start on this data directory removes them.
            logger.warn("Could not remove the cgroups {}: processes are still in them", parents);
        } finally {
            release(claim);
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
