package dev.edgeway.storage.nats;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The embedded server's store, configuration and log are for the gateway's user only (0700
 * directories, 0600 files): they hold every stored value and the server's credentials.
 * Permissions are given at creation, so no other user can open a file in the meantime.
 */
final class OwnerOnlyFiles {

    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private OwnerOnlyFiles() {}

    /** Creates a directory and its missing parents (0700), and narrows it to 0700 when it exists. */
    static void createDirectories(Path dir) throws IOException {
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIRECTORY));
        Files.setPosixFilePermissions(dir, DIRECTORY);
    }

    /** Narrows what a store made before permissions were tightened still has: 0700 and 0600. */
    static void narrowTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Files.setPosixFilePermissions(path, Files.isDirectory(path) ? DIRECTORY : FILE);
            }
        }
    }

    /** Creates an empty file (0600) when it is absent; an existing one is narrowed to 0600. */
    static Path createFile(Path file) throws IOException {
        try {
            Files.createFile(file, attribute());
        } catch (FileAlreadyExistsException e) {
            Files.setPosixFilePermissions(file, FILE);
        }
        return file;
    }

    /** Replaces a file's content; it is 0600 before the first byte is written. */
    static void write(Path file, String content) throws IOException {
        Files.writeString(createFile(file), content);
    }

    private static FileAttribute<Set<PosixFilePermission>> attribute() {
        return PosixFilePermissions.asFileAttribute(FILE);
    }
}
