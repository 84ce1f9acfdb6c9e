package dev.edgeway.storage.support;

import java.util.Map;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/** Points a test application at the run's shared nats-server ({@link NatsServerExtension#shared()}). */
public final class SharedNatsServer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        context.getEnvironment()
                .getPropertySources()
                .addFirst(new MapPropertySource(
                        "sharedNatsServer",
                        Map.of("edgeway.nats.url", NatsServerExtension.shared().url())));
    }
}
