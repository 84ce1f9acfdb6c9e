package dev.edgeway.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.autoconfigure.context.MessageSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.persistence.autoconfigure.PersistenceExceptionTranslationAutoConfiguration;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.boot.transaction.autoconfigure.TransactionManagerCustomizationAutoConfiguration;
import org.springframework.boot.transaction.jta.autoconfigure.JtaAutoConfiguration;

/**
 * Starts the Edgeway gateway.
 *
 * <p>Auto-configurations the gateway never uses are excluded, so a start neither parses nor
 * creates them (configuration-class parsing is the largest part of a start's CPU,
 * docs/benchmarks.md "Issue 11"): the transaction and persistence ones (spring-tx comes with
 * Spring Kafka; there is no transaction manager, {@code @Transactional} or {@code @Repository}),
 * AOP (no aspects, {@code @Async} or {@code @Transactional} to proxy), the application task
 * executor (no {@code @Async}, no annotated controllers; the gateway's threads are its own) and
 * the message source (no {@code messages.properties}). Spring Boot's Kafka auto-configuration is
 * left out by kafka-trigger's {@code KafkaAutoConfigurationFilter} while the trigger is off.
 */
@SpringBootApplication(
        exclude = {
            AopAutoConfiguration.class,
            JtaAutoConfiguration.class,
            MessageSourceAutoConfiguration.class,
            PersistenceExceptionTranslationAutoConfiguration.class,
            TaskExecutionAutoConfiguration.class,
            TransactionAutoConfiguration.class,
            TransactionManagerCustomizationAutoConfiguration.class
        })
public class EdgewayApplication {

    public static void main(String[] args) {
        SpringApplication.run(EdgewayApplication.class, args);
    }
}
