package dev.edgeway.storage.nats;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The embedded server's configuration file: credentials generated for each start, so that no
 * other local process can use the server. They are in a file only the gateway's user may read,
 * never on the command line, where every user sees it ({@code /proc/<pid>/cmdline}).
 *
 * @param file the configuration file ({@code nats-server -c})
 * @param user the user the gateway connects as
 * @param password the generated password
 */
record NatsServerConfig(Path file, String user, String password) {

    static final String USER = "edgeway";

    /** Generates a password and writes the configuration (0600) to {@code file}. */
    static NatsServerConfig generate(Path file) throws IOException {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        NatsServerConfig config =
                new NatsServerConfig(file, USER, HexFormat.of().formatHex(random));
        OwnerOnlyFiles.write(file, config.text());
        return config;
    }

    private String text() {
        // Hex and a fixed user need no escaping in the nats-server configuration syntax.
        return """
                # Written by Edgeway at each start of the embedded nats-server; do not edit.
                authorization {
                  user: "%s"
                  password: "%s"
                }
                """.formatted(user, password);
    }

    @Override
    public String toString() {
        return "NatsServerConfig[file=" + file + ", user=" + user + ", password=***]";
    }
}
