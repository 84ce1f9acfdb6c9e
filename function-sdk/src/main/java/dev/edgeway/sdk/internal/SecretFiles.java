package dev.edgeway.sdk.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads OpenFaaS secrets: one file per secret, named after it, in the directory the provider
 * mounts ({@code /var/openfaas/secrets} on OpenFaaS). The text is trimmed, since a secret created
 * from a file made with {@code echo} or an editor ends with a line break that is not part of it.
 */
public final class SecretFiles {

    private SecretFiles() {}

    /**
     * Reads one secret.
     *
     * @param file the secret's file
     * @return the secret's text without surrounding whitespace; empty when the file does not
     *     exist or holds only whitespace
     * @throws IllegalArgumentException when the file exists but cannot be read
     */
    public static Optional<String> read(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? Optional.empty() : Optional.of(text);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": unreadable (" + e + ")", e);
        }
    }
}
