package dev.edgeway.gateway.kafka;

import dev.edgeway.gateway.invoke.FunctionInvoker;
import dev.edgeway.gateway.provider.FunctionProvider;
import dev.edgeway.kafka.invoke.FunctionDirectory;
import dev.edgeway.kafka.replay.DeadLetterReplay;
import dev.edgeway.kafka.status.TriggerStatus;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Gives the Kafka trigger (auto-configured by {@code kafka-trigger} when enabled) its ports. The
 * beans are cheap and inert; without the trigger nothing calls them.
 */
@Configuration(proxyBeanMethods = false)
class KafkaTriggerWiring {

    /** Responses larger than this are cut for replies and dead-letter excerpts. */
    private static final int MAX_RESPONSE = 1024 * 1024;

    @Bean
    dev.edgeway.kafka.invoke.FunctionInvoker kafkaFunctionInvoker(FunctionInvoker invoker, FunctionProvider provider) {
        return new GatewayKafkaInvoker(invoker, provider.defaultNamespace(), MAX_RESPONSE);
    }

    @Bean
    FunctionDirectory kafkaFunctionDirectory(FunctionProvider provider) {
        return new ProviderFunctionDirectory(provider);
    }

    /** Served whether the trigger is on or not (off: 404), so the route table is the same on every gateway. */
    @Bean
    KafkaStatusHandler kafkaStatusHandler(ObjectProvider<TriggerStatus> status) {
        return new KafkaStatusHandler(status);
    }

    @Bean
    KafkaProblems kafkaProblems() {
        return new KafkaProblems();
    }

    @Bean
    ReplayKafkaDeadLettersHandler replayKafkaDeadLettersHandler(ObjectProvider<DeadLetterReplay> replay) {
        return new ReplayKafkaDeadLettersHandler(replay);
    }
}
