package dev.edgeway.storage.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.edgeway.storage.support.HttpStorageClient;
import dev.edgeway.storage.support.StorageRequests;
import dev.edgeway.storage.support.StorageTestApplication;
import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.StorageType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

class EmbeddedNatsServerIT {

    private static final Path BINARY = Path.of("/usr/sbin/nats-server");

    @TempDir
    Path dir;

    @Test
    void findsTheBinaryOnThePath() {
        assertThat(EmbeddedNatsServer.locate("nats-server")).isPresent();
        assertThat(EmbeddedNatsServer.locate("no-such-binary-here")).isEmpty();
    }

    @Test
    void startsAServerThatListensAndStopsIt() throws IOException {
        EmbeddedNatsServer server = new EmbeddedNatsServer(BINARY, dir, Duration.ofSeconds(10));
        String url = server.start();
        ProcessHandle process = pidOf(dir.resolve("nats-server.pid"));

        assertThat(listening(url)).isTrue();
        assertThat(dir.resolve("jetstream")).isDirectory();

        server.close();
        assertThat(process.isAlive()).isFalse();
    }

    @Test
    void acceptsOnlyTheCredentialsGeneratedForItWhichAreNotOnItsCommandLine() throws Exception {
        try (EmbeddedNatsServer server = new EmbeddedNatsServer(BINARY, dir, Duration.ofSeconds(10))) {
            String url = server.start();
            EmbeddedNatsServer.Credentials credentials = server.credentials();

            assertThatThrownBy(() -> Nats.connect(Options.builder()
                            .server(url)
                            .maxReconnects(0)
                            .connectionTimeout(Duration.ofSeconds(2))
                            .errorListener(new ErrorListener() {})
                            .build()))
                    .isInstanceOf(IOException.class);
            try (Connection connection = Nats.connect(Options.builder()
                    .server(url)
                    .userInfo(credentials.user(), credentials.password())
                    .build())) {
                assertThat(connection.getStatus()).isEqualTo(Connection.Status.CONNECTED);
            }
            ProcessHandle process = pidOf(dir.resolve("nats-server.pid"));
            assertThat(process.info().arguments().map(List::of).orElseThrow())
                    .noneMatch(argument -> argument.contains(credentials.password()));
            assertThat(permissions(dir.resolve("nats-server.conf"))).isEqualTo("rw-------");
            assertThat(credentials.toString()).doesNotContain(credentials.password());
        }
    }

    @Test
    void keepsItsStoreAndTheDataDirectoryItCreatesForTheGatewaysUserOnly() throws Exception {
        Path data = dir.resolve("data");
        Path store = data.resolve("nats");
        try (EmbeddedNatsServer server = new EmbeddedNatsServer(BINARY, store, Duration.ofSeconds(10))) {
            String url = server.start();
            writeAValue(url, server.credentials());
        }

        assertThat(permissions(data)).isEqualTo("rwx------");
        assertOwnerOnly(store);
    }

    @Test
    void narrowsAStoreMadeWithWiderPermissionsBefore() throws Exception {
        Path old = Files.createDirectories(dir.resolve("jetstream").resolve("old"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(old, PosixFilePermissions.fromString("rwxr-x---"));
        Files.writeString(old.resolve("block"), "x");
        Files.setPosixFilePermissions(old.resolve("block"), PosixFilePermissions.fromString("rw-r-----"));

        try (EmbeddedNatsServer server = new EmbeddedNatsServer(BINARY, dir, Duration.ofSeconds(10))) {
            server.start();
        }

        assertOwnerOnly(dir);
    }

    private static void writeAValue(String url, EmbeddedNatsServer.Credentials credentials) throws Exception {
        try (Connection connection = Nats.connect(Options.builder()
                .server(url)
                .userInfo(credentials.user(), credentials.password())
                .build())) {
            connection
                    .keyValueManagement()
                    .create(KeyValueConfiguration.builder()
                            .name("probe")
                            .storageType(StorageType.File)
                            .build());
            connection.keyValue("probe").put("k", "v");
        }
    }

    private static void assertOwnerOnly(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            assertThat(paths.toList()).allSatisfy(path -> assertThat(permissions(path))
                    .as(path.toString())
                    .isEqualTo(Files.isDirectory(path) ? "rwx------" : "rw-------"));
        }
    }

    private static String permissions(Path path) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void restartsTheServerOnTheSamePortWhenItDies() throws IOException {
        try (EmbeddedNatsServer server = new EmbeddedNatsServer(BINARY, dir, Duration.ofSeconds(10))) {
            String url = server.start();
            ProcessHandle first = pidOf(dir.resolve("nats-server.pid"));

            first.destroyForcibly();

            await().atMost(Duration.ofSeconds(15))
                    .until(() -> !first.isAlive() && listening(url) && Files.exists(dir.resolve("nats-server.pid")));
        }
    }

    @Test
    void stopsALeftoverServerOfACrashedRunOnTheSameStoreFirst() throws IOException {
        Process leftover = startServer(dir, dir);
        assertThat(leftover.isAlive()).isTrue();

        try (EmbeddedNatsServer server = new EmbeddedNatsServer(BINARY, dir, Duration.ofSeconds(10))) {
            server.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> !leftover.isAlive());
        } finally {
            leftover.destroyForcibly();
        }
    }

    @Test
    void leavesAServerOnAnotherStoreAloneEvenIfThePidFileNamesIt() throws IOException {
        Path other = Files.createDirectories(dir.resolve("other"));
        Process stranger = startServer(other, dir);

        try (EmbeddedNatsServer server = new EmbeddedNatsServer(BINARY, dir, Duration.ofSeconds(10))) {
            server.start();
            assertThat(stranger.isAlive()).isTrue();
        } finally {
            stranger.destroyForcibly();
        }
    }

    /** A nats-server on {@code storeDir} writing its pid into {@code pidDir}. */
    private static Process startServer(Path storeDir, Path pidDir) throws IOException {
        Path pidFile = pidDir.resolve("nats-server.pid");
        Process process = new ProcessBuilder(List.of(
                        BINARY.toString(),
                        "-js",
                        "-a",
                        "127.0.0.1",
                        "-p",
                        "-1",
                        "-sd",
                        storeDir.toString(),
                        "-P",
                        pidFile.toString()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(pidFile) && Files.size(pidFile) > 0);
        return process;
    }

    @Test
    void theApplicationStartsAnEmbeddedServerWhenNoUrlIsConfiguredAndStopsItWithItself() {
        ProcessHandle process;
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(StorageTestApplication.class)
                .properties(
                        "server.port=0",
                        "spring.main.banner-mode=off",
                        "edgeway.nats.url=",
                        "edgeway.storage.data-dir=" + dir)
                .run()) {
            int port = app.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
            HttpStorageClient http = new HttpStorageClient(port);
            String task = StorageRequests.newTaskId();

            assertThat(http.postJson("/tasks", "{\"task_id\":\"" + task + "\",\"function_name\":\"fn\"}")
                            .statusCode())
                    .isEqualTo(201);
            process = pidOf(dir.resolve("nats").resolve("nats-server.pid"));
            assertThat(process.isAlive()).isTrue();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> !process.isAlive());
    }

    private static ProcessHandle pidOf(Path pidFile) {
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(pidFile) && Files.size(pidFile) > 0);
        try {
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            return ProcessHandle.of(pid).orElseThrow();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean listening(String url) {
        URI uri = URI.create(url);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), uri.getPort()), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
