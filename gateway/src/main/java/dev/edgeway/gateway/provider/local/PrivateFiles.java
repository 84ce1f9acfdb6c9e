package dev.edgeway.gateway.provider.local;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files only the gateway's user may read: secrets, deployments (their env may hold
 * credentials) and function logs. Permissions are set when a file is created, so there is no
 * moment at which another user could open it.
 */
final class PrivateFiles {

    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private PrivateFiles() {}

    /** Creates a directory (mode 0700) and its missing parents. */
    static Path createDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return dir;
        }
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null) {
            createDirectories(parent);
        }
        try {
            Files.createDirectory(dir, attribute(DIRECTORY));
        } catch (FileAlreadyExistsException e) {
            // Another thread won the race, or dir is a file: the latter fails on first use.
        }
        return dir;
    }

    /**
     * Replaces a file's content all at once (mode 0600): written to a temporary file in the
     * same directory, then moved over the old one, so a crash never leaves half a file.
     */
    static void writeAtomically(Path file, byte[] content) throws IOException {
        Path dir = createDirectories(file.toAbsolutePath().getParent());
        Path temp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp", attribute(FILE));
        try {
            Files.write(temp, content, StandardOpenOption.TRUNCATE_EXISTING);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Opens a file for appending, creating it (mode 0600) when absent. */
    static OutputStream append(Path file) throws IOException {
        createDirectories(file.toAbsolutePath().getParent());
        try {
            Files.createFile(file, attribute(FILE));
        } catch (FileAlreadyExistsException e) {
            // Appending to the existing file is what we want.
        }
        return Files.newOutputStream(file, StandardOpenOption.APPEND);
    }

    private static FileAttribute<Set<PosixFilePermission>> attribute(Set<PosixFilePermission> permissions) {
        return PosixFilePermissions.asFileAttribute(permissions);
    }
}
