package dev.edgeway.gateway.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads basic-auth credentials from OpenFaaS-style secret files ({@code basic-auth-user} and
 * {@code basic-auth-password}), or generates them on first start when none were configured.
 */
public final class CredentialFiles {

    static final String USER_FILE = "basic-auth-user";
    static final String PASSWORD_FILE = "basic-auth-password";
    static final String GENERATED_USER = "admin";

    private static final Logger log = LoggerFactory.getLogger(CredentialFiles.class);

    private CredentialFiles() {}

    /** Reads the two files; a missing or empty file stops the gateway, as in OpenFaaS. */
    public static BasicAuthCredentials read(Path directory) {
        return new BasicAuthCredentials(
                readTrimmed(directory.resolve(USER_FILE)), readTrimmed(directory.resolve(PASSWORD_FILE)));
    }

    /**
     * Reads the credentials in a directory, creating them first (user {@code admin}, a random
     * password, files readable only by this user) when they do not exist yet.
     */
    public static BasicAuthCredentials readOrGenerate(Path directory) {
        Path password = directory.resolve(PASSWORD_FILE);
        if (!Files.exists(password)) {
            generate(directory);
        }
        BasicAuthCredentials credentials = read(directory);
        log.info(
                "Basic auth is on for /system: user '{}', password in {}",
                credentials.user(),
                password.toAbsolutePath().normalize());
        return credentials;
    }

    private static void generate(Path directory) {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        try {
            // The data directory too, when this creates it: it holds secrets and the NATS store.
            Files.createDirectories(
                    directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
            writePrivate(directory.resolve(USER_FILE), GENERATED_USER);
            writePrivate(directory.resolve(PASSWORD_FILE), HexFormat.of().formatHex(random));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create basic-auth credentials in " + directory, e);
        }
    }

    private static void writePrivate(Path file, String value) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException e) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
        Files.writeString(file, value + "\n", StandardCharsets.UTF_8);
    }

    private static String readTrimmed(Path file) {
        try {
            String value = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (value.isEmpty()) {
                throw new IllegalStateException("basic auth is on but " + file + " is empty");
            }
            return value;
        } catch (IOException e) {
            throw new IllegalStateException("basic auth is on but " + file + " cannot be read: " + e, e);
        }
    }
}
