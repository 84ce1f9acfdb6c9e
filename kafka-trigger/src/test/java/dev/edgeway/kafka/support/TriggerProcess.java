package dev.edgeway.kafka.support;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Bean;

/**
 * The trigger in a process of its own, started by a test as a gateway would be and killed with
 * {@code kill -9} or stopped: its calls go over HTTP to the test's {@link HttpFunctions}, each
 * with {@code X-Trigger-Process: <name>}, so the test counts what every process did.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class TriggerProcess {

    public static final String PROCESS_HEADER = "X-Trigger-Process";

    public static void main(String[] args) {
        new SpringApplicationBuilder(TriggerProcess.class)
                .web(WebApplicationType.NONE)
                .run(args);
    }

    @Bean
    HttpFunctionInvoker httpFunctionInvoker(
            @Value("${test.functions-url}") String url, @Value("${test.process-name}") String name) {
        return new HttpFunctionInvoker(url, Map.of(PROCESS_HEADER, name));
    }

    @Bean
    TestDirectory testDirectory() {
        return new TestDirectory();
    }

    @Bean
    SimpleMeterRegistry meterRegistry() {
        return new SimpleMeterRegistry();
    }

    /** Starts a trigger process on the shared broker; its output goes to {@code target/trigger-<name>.log}. */
    public static Process start(String name, String topic, String groupId, HttpFunctions functions) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(
                java,
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                // Under failsafe, a jar whose manifest lists the whole test class path.
                System.getProperty("java.class.path"),
                TriggerProcess.class.getName(),
                "--edgeway.kafka.enabled=true",
                "--edgeway.kafka.bootstrap-servers=" + SharedBroker.bootstrapServers(),
                "--edgeway.kafka.topics=" + topic,
                "--edgeway.kafka.group-id=" + groupId,
                "--edgeway.kafka.client-id=" + name,
                "--spring.kafka.consumer.auto-offset-reset=earliest",
                // A killed member's partitions move on after this, instead of the default 45 s.
                "--spring.kafka.consumer.properties.session.timeout.ms=6000",
                "--spring.kafka.consumer.properties.heartbeat.interval.ms=1000",
                "--test.functions-url=" + functions.baseUrl(),
                "--test.process-name=" + name));
        try {
            Path log = Files.createDirectories(Path.of("target")).resolve("trigger-" + name + ".log");
            return new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code kill -9}: no shutdown hook runs, nothing is committed on the way out. */
    public static void kill(Process process) throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("process " + process.pid() + " is still running after SIGKILL");
        }
    }

    /** A graceful stop (SIGTERM), as an orchestrator scaling in does. */
    public static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
