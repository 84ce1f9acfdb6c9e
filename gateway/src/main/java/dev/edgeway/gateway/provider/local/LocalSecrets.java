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
 * Secrets as files in the data directory, {@code <data-dir>/secrets/<namespace>/<name>},
 * readable by the gateway's user only (0600 in 0700 directories), so two gateways on one
 * machine never share them and removing a data directory removes its secrets. A sandboxed
 * function sees only the secrets of its deployment, bound at {@code /var/openfaas/secrets/<name>}
 * ({@link Sandbox}); an unsandboxed one finds its namespace's directory in
 * {@code secret_mount_path}, and the default namespace's at the OpenFaaS path through a link.
 */
final class LocalSecrets {

    private static final Logger logger = LoggerFactory.getLogger(LocalSecrets.class);

    private final Path base;

    private LocalSecrets(Path base) {
        this.base = base;
    }

    /** Secrets under {@code base}, normally {@code <data-dir>/secrets}. */
    static LocalSecrets in(Path base) {
        return new LocalSecrets(base);
    }

    /**
     * For unsandboxed functions: makes {@code openFaasPath} (normally {@code /var/openfaas/secrets})
     * a link to the namespace's directory, so functions reading secrets where OpenFaaS puts them
     * still find them. A path that exists and is not already this link is left alone: it may
     * belong to another gateway on the same machine.
     */
    void linkOpenFaasPath(Path openFaasPath, String namespace) {
        Path target = directory(namespace).toAbsolutePath();
        try {
            if (Files.isSymbolicLink(openFaasPath)) {
                if (Files.readSymbolicLink(openFaasPath).equals(target)) {
                    return;
                }
            } else if (!Files.exists(openFaasPath)) {
                PrivateFiles.createDirectories(openFaasPath.toAbsolutePath().getParent());
                Files.createSymbolicLink(openFaasPath, target);
                logger.info("Unsandboxed functions find the secrets of {} at {}", namespace, openFaasPath);
                return;
            }
            logger.info(
                    "{} exists and is not a link to {}: unsandboxed functions find their secrets in"
                            + " secret_mount_path only",
                    openFaasPath,
                    target);
        } catch (IOException e) {
            logger.info(
                    "Cannot link {} to {} ({}): unsandboxed functions find their secrets in"
                            + " secret_mount_path only",
                    openFaasPath,
                    target,
                    e.getMessage());
        }
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

    /** The file of a secret, present or not. */
    Path file(String name, String namespace) {
        // Both names are validated DNS names, so neither can leave the base directory.
        return base.resolve(namespace).resolve(FunctionNames.requireSecret(name));
    }
}
