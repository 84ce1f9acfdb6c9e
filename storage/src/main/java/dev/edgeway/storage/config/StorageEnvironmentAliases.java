package dev.edgeway.storage.config;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Honours the OpenFaaS gateway's NATS settings, {@code faas_nats_address} and
 * {@code faas_nats_port} (default 4222), as {@code edgeway.nats.url}. Added with the lowest
 * precedence, so an explicit {@code edgeway.nats.url} wins.
 */
public class StorageEnvironmentAliases implements EnvironmentPostProcessor, Ordered {

    static final String SOURCE_NAME = "edgewayStorageAliases";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> aliases = new LinkedHashMap<>();
        String address = environment.getProperty("faas_nats_address");
        if (address != null && !address.isBlank()) {
            String port = environment.getProperty("faas_nats_port", "4222").trim();
            String host = address.trim();
            aliases.put("edgeway.nats.url", host.contains("://") ? host : "nats://" + host + ":" + port);
        }
        if (!aliases.isEmpty()) {
            environment.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME, aliases));
        }
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
