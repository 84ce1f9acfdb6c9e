package dev.edgeway.kafka.support;

import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * One in-JVM KRaft broker for every test class of the module: the first start costs seconds, so
 * it is started once, on first use, and stopped when the JVM exits.
 */
public final class SharedBroker {

    public static final String ENVELOPES = "envelopes";
    public static final String ORDERS = "orders";
    public static final String REPLIES = "replies";
    /** A reply topic that takes records of at most {@link #SMALL_REPLY_BYTES} bytes. */
    public static final String SMALL_REPLIES = "small-replies";

    public static final int SMALL_REPLY_BYTES = 512;
    /** Consumed by the per-key ordering test's trigger (its own group). */
    public static final String KEYED = "keyed";
    /** Consumed by the partition retry test's trigger (its own group). */
    public static final String RETRYING = "retrying";

    private static final EmbeddedKafkaKraftBroker BROKER = start();

    private SharedBroker() {}

    /** {@code host:port} of the broker. */
    public static String bootstrapServers() {
        return BROKER.getBrokersAsString();
    }

    /** Creates a topic of a test of its own (with its own consumer group). */
    public static void createTopic(String name, int partitions) {
        BROKER.addTopics(new NewTopic(name, partitions, (short) 1));
    }

    /** Points {@code edgeway.kafka.bootstrap-servers} at the broker. */
    public static final class Initializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            context.getEnvironment()
                    .getPropertySources()
                    .addFirst(new MapPropertySource(
                            "sharedBroker", Map.of("edgeway.kafka.bootstrap-servers", bootstrapServers())));
        }
    }

    private static EmbeddedKafkaKraftBroker start() {
        // Two partitions for the trigger's topics, so ordering and call ids are per partition.
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(
                1,
                2,
                ENVELOPES,
                ORDERS,
                REPLIES,
                KEYED,
                RETRYING,
                ENVELOPES + ".DLT",
                ORDERS + ".DLT",
                KEYED + ".DLT",
                RETRYING + ".DLT");
        broker.afterPropertiesSet();
        broker.addTopics(new NewTopic(SMALL_REPLIES, 1, (short) 1)
                .configs(Map.of("max.message.bytes", Integer.toString(SMALL_REPLY_BYTES))));
        Runtime.getRuntime().addShutdownHook(new Thread(broker::destroy, "shared-broker-stop"));
        return broker;
    }
}
