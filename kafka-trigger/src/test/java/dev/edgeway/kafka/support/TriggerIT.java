package dev.edgeway.kafka.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;

/**
 * The trigger on the shared broker with fast retries. Every test class with exactly this
 * annotation shares one Spring context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(
        classes = TriggerTestApplication.class,
        properties = {
            "edgeway.kafka.enabled=true",
            "edgeway.kafka.topics=" + SharedBroker.ENVELOPES + "," + SharedBroker.ORDERS,
            "edgeway.kafka.group-id=trigger-it",
            "edgeway.kafka.refresh-interval=200ms",
            "edgeway.kafka.invoke-timeout=10s",
            "edgeway.kafka.max-record-size=64KB",
            "edgeway.kafka.retry.max-attempts=3",
            "edgeway.kafka.retry.initial-interval=100ms",
            "edgeway.kafka.retry.max-interval=300ms",
            "edgeway.kafka.retry.jitter=10ms",
            "spring.kafka.consumer.auto-offset-reset=earliest",
        })
@ContextConfiguration(initializers = SharedBroker.Initializer.class)
public @interface TriggerIT {}
