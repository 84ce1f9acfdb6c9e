package dev.edgeway.storage.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.ContextConfiguration;

/**
 * The storage API on a random port, on the run's shared nats-server, with a 24 MiB value limit
 * and a fast sweeper. Every test class with exactly this annotation shares one application.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(
        classes = StorageTestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.main.banner-mode=off",
            "edgeway.storage.variables.max-value-size=24MB",
            "edgeway.storage.variables.sweep-interval=200ms",
            "edgeway.storage.variables.orphan-grace=1s",
            "edgeway.storage.retry-after=2s",
        })
@ContextConfiguration(initializers = SharedNatsServer.class)
@AutoConfigureWebTestClient(timeout = "PT60S")
public @interface StorageIT {}
