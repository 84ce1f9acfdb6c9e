// ./edgeway kafka produce TOPIC  |  ./edgeway kafka consume TOPIC
// A minimal console client for the local broker (a single-file Java program, run with the
// Kafka client jars on the class path): produce sends each line of standard input as a record;
// consume prints every record of the topic from its start, with its key and headers, until Ctrl-C.
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

public class KafkaConsole {

    public static void main(String[] args) throws Exception {
        if (args.length != 3 || !List.of("produce", "consume").contains(args[1])) {
            System.err.println("usage: ./edgeway kafka produce TOPIC | ./edgeway kafka consume TOPIC");
            System.exit(2);
        }
        if (args[1].equals("produce")) {
            produce(args[0], args[2]);
        } else {
            consume(args[0], args[2]);
        }
    }

    private static void produce(String servers, String topic) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                        Map.of("bootstrap.servers", servers, "acks", "all"),
                        new StringSerializer(),
                        new StringSerializer());
                BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (!line.isBlank()) {
                    var sent = producer.send(new ProducerRecord<>(topic, line)).get(30, TimeUnit.SECONDS);
                    System.err.println("sent to " + sent.topic() + "-" + sent.partition() + " at offset " + sent.offset());
                }
            }
        }
    }

    private static void consume(String servers, String topic) throws InterruptedException {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                Map.of("bootstrap.servers", servers), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = List.of();
            while (partitions.isEmpty()) {
                // A topic nobody wrote to yet does not exist: wait for it, as the console tools do.
                partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                        .map(p -> new TopicPartition(topic, p.partition()))
                        .toList();
                if (partitions.isEmpty()) {
                    System.err.println("waiting for topic " + topic + " to exist");
                    Thread.sleep(1000);
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (true) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    StringBuilder line = new StringBuilder();
                    line.append(record.topic()).append('-').append(record.partition()).append('@').append(record.offset());
                    line.append(" key=").append(text(record.key()));
                    for (Header header : record.headers()) {
                        line.append(' ').append(header.key()).append('=').append(text(header.value()));
                    }
                    line.append("\n  ").append(text(record.value()));
                    System.out.println(line);
                }
            }
        }
    }

    private static String text(byte[] bytes) {
        return bytes == null ? "null" : new String(bytes, StandardCharsets.UTF_8);
    }
}
