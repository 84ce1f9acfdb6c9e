package dev.edgeway.kafka.support;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** The trigger's auto-configuration with real HTTP functions behind its ports. */
@SpringBootConfiguration
@EnableAutoConfiguration
public class TriggerTestApplication {

    /** The functions; a second trigger in the same test may be handed the first one's instead. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    HttpFunctions httpFunctions() {
        return new HttpFunctions();
    }

    @Bean
    HttpFunctionInvoker httpFunctionInvoker(HttpFunctions functions) {
        return new HttpFunctionInvoker(functions);
    }

    @Bean
    SimpleMeterRegistry meterRegistry() {
        return new SimpleMeterRegistry();
    }

    @Bean
    TestDirectory testDirectory() {
        return new TestDirectory();
    }
}
