package dev.edgeway.kafka.config;

import java.util.Set;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurationImportFilter;
import org.springframework.boot.autoconfigure.AutoConfigurationMetadata;
import org.springframework.boot.autoconfigure.condition.ConditionEvaluationReport;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * Leaves out Spring Boot's own Kafka auto-configuration while the trigger is off
 * ({@link KafkaTriggerCondition}). Spring Kafka on the classpath is there for the trigger alone,
 * which builds its own clients; with it off, Boot's {@code KafkaAutoConfiguration} would still
 * create a template, producer and consumer factories and the listener infrastructure on every
 * start (0.7 s of CPU on a loaded machine) and load their classes. A filter drops the two
 * auto-configurations by name, before their classes are read; the outcome is recorded in the
 * condition report ({@code --debug}) like any other.
 */
public class KafkaAutoConfigurationFilter implements AutoConfigurationImportFilter, EnvironmentAware, BeanFactoryAware {

    private static final Set<String> BOOT_KAFKA = Set.of(
            "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
            "org.springframework.boot.kafka.autoconfigure.metrics.KafkaMetricsAutoConfiguration");

    private Environment environment;
    private ConfigurableListableBeanFactory beanFactory;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        if (beanFactory instanceof ConfigurableListableBeanFactory listable) {
            this.beanFactory = listable;
        }
    }

    @Override
    public boolean[] match(String[] autoConfigurationClasses, AutoConfigurationMetadata metadata) {
        ConditionOutcome trigger = KafkaTriggerCondition.outcome(environment);
        boolean[] matches = new boolean[autoConfigurationClasses.length];
        for (int i = 0; i < autoConfigurationClasses.length; i++) {
            String candidate = autoConfigurationClasses[i];
            matches[i] = candidate == null || trigger.isMatch() || !BOOT_KAFKA.contains(candidate);
            if (!matches[i] && beanFactory != null) {
                ConditionEvaluationReport.get(beanFactory)
                        .recordConditionEvaluation(candidate, new KafkaTriggerCondition(), trigger);
            }
        }
        return matches;
    }
}
