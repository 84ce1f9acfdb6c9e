package dev.edgeway.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.edgeway.gateway.support.PackagedGateway;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The flow of docs/kafka.md ("Trying it"), with its commands: {@code ./edgeway kafka} starts the
 * broker, the packaged gateway consumes {@code requests}, an envelope for a deployed {@code cat}
 * function goes in through {@code ./edgeway kafka produce requests}, and its answer comes out of
 * {@code ./edgeway kafka consume replies}. The broker's ports and data directory are the
 * documented knobs, so the test runs beside anything on 9092.
 */
class KafkaQuickstartIT {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    // The first start resolves the broker's jars through Maven.
    private static final Duration BROKER_START = Duration.ofMinutes(4);

    @TempDir
    static Path dir;

    private static int port;
    private static int controllerPort;
    private static Process broker;
    private static PackagedGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        port = freePort();
        controllerPort = freePort();
        broker = edgeway(List.of("kafka"), dir.resolve("broker.log"));
        await().atMost(BROKER_START).pollInterval(Duration.ofMillis(200)).until(() -> {
            if (!broker.isAlive()) {
                throw new IllegalStateException(
                        "./edgeway kafka exited: " + Files.readString(dir.resolve("broker.log")));
            }
            return listening(port);
        });
        gateway = new PackagedGateway(
                List.of(PackagedGateway.HEAP),
                "--edgeway.kafka.bootstrap-servers=127.0.0.1:" + port,
                "--edgeway.kafka.topics=requests");
        gateway.startFresh();
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        if (broker != null) {
            broker.destroy();
            if (!broker.waitFor(30, TimeUnit.SECONDS)) {
                broker.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void anEnvelopeProducedWithEdgewayKafkaIsAnsweredOnTheReplyTopic() throws Exception {
        assertThat(gateway.json(
                                "POST",
                                "/system/functions",
                                "{\"service\":\"echo\",\"image\":\"local\",\"envProcess\":\"cat\"}")
                        .statusCode())
                .isEqualTo(202);
        // The trigger reads from the end of a new topic: the record goes in once it is assigned.
        await().atMost(Duration.ofMinutes(1))
                .until(() -> gateway.get("/system/kafka").body().contains("\"assigned\":true"));

        Process produce = edgeway(List.of("kafka", "produce", "requests"), dir.resolve("produce.log"));
        try (OutputStream in = produce.getOutputStream()) {
            in.write("{\"function_name\":\"echo\",\"payload\":{\"hello\":\"kafka\"},\"reply_to\":\"replies\"}\n"
                    .getBytes(StandardCharsets.UTF_8));
        }
        assertThat(produce.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(produce.exitValue())
                .as(Files.readString(dir.resolve("produce.log")))
                .isZero();

        Path replies = dir.resolve("consume.log");
        Process consume = edgeway(List.of("kafka", "consume", "replies"), replies);
        try {
            await().atMost(Duration.ofMinutes(1))
                    .until(() -> Files.readString(replies).contains("{\"hello\":\"kafka\"}"));
        } finally {
            consume.destroy();
            consume.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(Files.readString(replies))
                .contains("key=kafka-requests-")
                .contains("edgeway-status=200")
                .contains("edgeway-target=echo");
    }

    /** {@code ./edgeway <arguments>} from the repository's root, as the docs run it. */
    private static Process edgeway(List<String> arguments, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of("bash", "./edgeway"));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(ROOT.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("EDGEWAY_KAFKA_PORT", Integer.toString(port));
        builder.environment().put("EDGEWAY_KAFKA_CONTROLLER_PORT", Integer.toString(controllerPort));
        builder.environment().put("EDGEWAY_KAFKA_DATA", dir.resolve("kafka").toString());
        builder.environment().put("EDGEWAY_KAFKA_JAVA_OPTS", "-Xmx256m");
        return builder.start();
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
