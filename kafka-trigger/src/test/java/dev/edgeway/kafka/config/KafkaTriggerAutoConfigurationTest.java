package dev.edgeway.kafka.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgeway.kafka.invoke.FunctionDirectory;
import dev.edgeway.kafka.invoke.FunctionInvoker;
import dev.edgeway.kafka.invoke.InvocationOutcome;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;

/** When the trigger is on; the container is not started, so no broker is needed. */
class KafkaTriggerAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, KafkaTriggerAutoConfiguration.class))
            .withBean(
                    FunctionInvoker.class,
                    () -> call -> CompletableFuture.completedFuture(
                            new InvocationOutcome(200, null, new byte[0], Duration.ZERO)))
            .withBean(FunctionDirectory.class, () -> () -> CompletableFuture.completedFuture(List.of()))
            .withPropertyValues("edgeway.kafka.topics=t", "spring.kafka.listener.auto-startup=false");

    @Test
    void isOffByDefault() {
        runner.run(context -> assertThat(context).doesNotHaveBean(ConcurrentMessageListenerContainer.class));
    }

    @Test
    void isOnWhenBootstrapServersAreSet() {
        runner.withPropertyValues("edgeway.kafka.bootstrap-servers=127.0.0.1:1")
                .run(context -> assertThat(context).hasSingleBean(ConcurrentMessageListenerContainer.class));
    }

    @Test
    void staysOffWhenDisabledExplicitly() {
        runner.withPropertyValues("edgeway.kafka.bootstrap-servers=127.0.0.1:1", "edgeway.kafka.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(ConcurrentMessageListenerContainer.class));
    }

    @Test
    void failsAtStartWithoutTopics() {
        runner.withPropertyValues("edgeway.kafka.enabled=true", "edgeway.kafka.topics=")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("edgeway.kafka.topics: empty"));
    }

    @Test
    void keepsTheProducersBlockingWithinTheReplyTimeout() {
        // A reply write (ReplyPublisher) takes at most the invoke timeout, the wait for metadata included.
        runner.withPropertyValues("edgeway.kafka.enabled=true", "edgeway.kafka.invoke-timeout=2s")
                .run(context -> assertThat(maxBlockMillis(context)).isEqualTo(2000L));
        runner.withPropertyValues("edgeway.kafka.enabled=true")
                .run(context -> assertThat(maxBlockMillis(context)).isEqualTo(60_000L));
        runner.withPropertyValues("edgeway.kafka.enabled=true", "spring.kafka.producer.properties.max.block.ms=500")
                .run(context -> assertThat(maxBlockMillis(context)).isEqualTo(500L));
    }

    private static Object maxBlockMillis(ApplicationContext context) {
        return context.getBean("kafkaTriggerProducer", KafkaTemplate.class)
                .getProducerFactory()
                .getConfigurationProperties()
                .get(ProducerConfig.MAX_BLOCK_MS_CONFIG);
    }
}
