package dev.edgeway.kafka.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * An in-JVM KRaft broker of one test class's own, for a test that does to its broker what would
 * disturb the others on {@link SharedBroker}: stops it, or runs it with other settings. It listens
 * on a fixed port, so that clients find it again after a restart, and stops when the JVM exits;
 * the class's Spring context should close first ({@code @DirtiesContext}) and commit on its way out.
 */
public final class OwnBroker {

    private OwnBroker() {}

    /** Starts a broker with these broker settings and these topics of two partitions. */
    public static EmbeddedKafkaKraftBroker start(Map<String, String> settings, String... topics) {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 2, topics);
        broker.kafkaPorts(freePort());
        broker.brokerProperties(settings);
        broker.afterPropertiesSet();
        Runtime.getRuntime().addShutdownHook(new Thread(broker::destroy, "own-broker-stop"));
        return broker;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
