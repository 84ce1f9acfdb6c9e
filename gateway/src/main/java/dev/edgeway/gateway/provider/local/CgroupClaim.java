package dev.edgeway.gateway.provider.local;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.jspecify.annotations.Nullable;

/**
 * One gateway instance's claim on a cgroup parent of its own among those of its data directory:
 * the lowest number {@code n} whose file {@code <data-dir>/run/cgroups/<n>.lock} it can lock,
 * held while the instance runs. Two gateways (or two application contexts in one JVM) on one
 * data directory so get parents apart, and neither removes the other's at start.
 *
 * <p>The lock is the operating system's, so it ends with its process however that ends: a parent
 * whose number nobody holds belongs to no running instance and is a leftover of a killed run.
 * In one JVM the JDK refuses a second lock of a file this JVM already locked
 * ({@link OverlappingFileLockException}); that counts as held too. Lock files are never deleted:
 * one removed while another instance opens it could be locked twice.
 */
final class CgroupClaim implements AutoCloseable {

    private final int instance;
    private final FileChannel channel;
    private final FileLock lock;

    private CgroupClaim(int instance, FileChannel channel, FileLock lock) {
        this.instance = instance;
        this.channel = channel;
        this.lock = lock;
    }

    /** Claims the lowest number that no running instance holds. */
    static CgroupClaim take(Path dir) throws IOException {
        PrivateFiles.createDirectories(dir);
        for (int n = 1; ; n++) {
            CgroupClaim claim = tryLock(dir, n);
            if (claim != null) {
                return claim;
            }
        }
    }

    /** True when no running instance holds number {@code n}: its cgroups are a dead run's. */
    static boolean abandoned(Path dir, int n) throws IOException {
        if (!Files.exists(lockFile(dir, n))) {
            return true;
        }
        CgroupClaim claim = tryLock(dir, n);
        if (claim == null) {
            return false;
        }
        claim.close();
        return true;
    }

    private static @Nullable CgroupClaim tryLock(Path dir, int n) throws IOException {
        FileChannel channel = FileChannel.open(lockFile(dir, n), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return new CgroupClaim(n, channel, lock);
            }
        } catch (OverlappingFileLockException heldInThisJvm) {
            // Another instance in this JVM holds it.
        }
        channel.close();
        return null;
    }

    private static Path lockFile(Path dir, int n) {
        return dir.resolve(n + ".lock");
    }

    int instance() {
        return instance;
    }

    @Override
    public void close() throws IOException {
        lock.release();
        channel.close();
    }
}
