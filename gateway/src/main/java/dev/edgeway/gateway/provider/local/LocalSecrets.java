package dev.edgeway.gateway.provider.local;

import dev.edgeway.gateway.provider.FunctionNames;
import dev.edgeway.gateway.provider.ProviderException;
import dev.edgeway.gateway.provider.Secret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Secrets as files, where functions read them: {@code <base>/<namespace>/<name>}, readable by
 * the gateway's user only (0600 in 0700 directories). A function finds its namespace's
 * directory in {@code secret_mount_path}. Local processes all run as the gateway's user, so a
 * function could read any secret file; the layout keeps namespaces apart, not functions.
 */
final class LocalSecrets {

    private static final Logger logger = LoggerFactory.getLogger(LocalSecrets.class);

    private final Path base;

    private LocalSecrets(Path base) {
        this.base = base;
    }

    /** Secrets under {@code preferred} (OpenFaaS' mount path) when it is writable, else {@code fallback}. */
    static LocalSecrets open(Path preferred, Path fallback) {
        try {
            PrivateFiles.createDirectories(preferred);
            if (Files.isDirectory(preferred) && Files.isWritable(preferred)) {
                return new LocalSecrets(preferred);
            }
        } catch (IOException e) {
            logger.info("Secret mount path {} is not writable ({}); keeping secrets in {}", preferred, e, fallback);
        }
        return new LocalSecrets(fallback);
    }

    /** The directory a namespace's functions read their secrets from; created when missing. */
    Path directory(String namespace) {
        try {
            return PrivateFiles.createDirectories(base.resolve(namespace));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create secret directory for " + namespace, e);
        }
    }

    synchronized List<Secret> list(String namespace) {
        Path dir = base.resolve(namespace);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString())
                    .filter(LocalSecrets::isSecretName)
                    .sorted()
                    .map(name -> Secret.named(name, namespace))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list secrets in " + namespace, e);
        }
    }

    boolean exists(String name, String namespace) {
        return Files.isRegularFile(file(name, namespace));
    }

    synchronized void create(String name, String namespace, byte[] value) {
        if (exists(name, namespace)) {
            throw ProviderException.conflict("secret " + name + " already exists");
        }
        write(name, namespace, value);
    }

    synchronized void update(String name, String namespace, byte[] value) {
        if (!exists(name, namespace)) {
            throw ProviderException.notFound("unable to find secret: " + name);
        }
        write(name, namespace, value);
    }

    synchronized void delete(String name, String namespace) {
        try {
            if (!Files.deleteIfExists(file(name, namespace))) {
                throw ProviderException.notFound("unable to find secret: " + name);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete secret " + name, e);
        }
    }

    private void write(String name, String namespace, byte[] value) {
        try {
            PrivateFiles.writeAtomically(file(name, namespace), value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write secret " + name, e);
        }
    }

    /** Leaves out what is not a secret, such as the temporary file of a write in progress. */
    private static boolean isSecretName(String fileName) {
        try {
            FunctionNames.requireSecret(fileName);
            return true;
        } catch (ProviderException e) {
            return false;
        }
    }

    private Path file(String name, String namespace) {
        // Both names are validated DNS names, so neither can leave the base directory.
        return base.resolve(namespace).resolve(FunctionNames.requireSecret(name));
    }
}
