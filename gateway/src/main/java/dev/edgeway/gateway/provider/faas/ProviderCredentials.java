package dev.edgeway.gateway.provider.faas;

import dev.edgeway.gateway.config.GatewayProperties;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;

/**
 * The gateway's own basic-auth credentials, which it sends to the faas-provider on every
 * {@code /system} and {@code /healthz} call; a provider with {@code basic_auth=true} enforces the
 * same ones. Read once at startup from the secret mount, as the OpenFaaS gateway does.
 */
record ProviderCredentials(String user, String password) {

    /** OpenFaaS' default {@code secret_mount_path}. */
    static final Path DEFAULT_SECRET_MOUNT = Path.of("/run/secrets");

    /** The credentials when basic auth is switched on explicitly; empty otherwise. */
    static Optional<ProviderCredentials> from(GatewayProperties.Auth auth) {
        if (!Boolean.TRUE.equals(auth.basicAuth())) {
            return Optional.empty();
        }
        Path mount = auth.secretMountPath() == null ? DEFAULT_SECRET_MOUNT : auth.secretMountPath();
        return Optional.of(new ProviderCredentials(
                read(mount.resolve("basic-auth-user")), read(mount.resolve("basic-auth-password"))));
    }

    /** The {@code Authorization} header value. */
    String authorization() {
        byte[] pair = (user + ":" + password).getBytes(StandardCharsets.UTF_8);
        return "Basic " + Base64.getEncoder().encodeToString(pair);
    }

    // Runs once while the context starts, never on an event loop.
    private static String read(Path file) {
        String value;
        try {
            value = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new IllegalStateException(
                    "basic auth: cannot read " + file
                            + " (expected: a readable file, as with OpenFaaS basic_auth=true): " + e,
                    e);
        }
        if (value.isEmpty()) {
            throw new IllegalStateException("basic auth: " + file + " is empty (expected: a non-empty value)");
        }
        return value;
    }

    @Override
    public String toString() {
        return "ProviderCredentials[user=" + user + ", password=***]";
    }
}
