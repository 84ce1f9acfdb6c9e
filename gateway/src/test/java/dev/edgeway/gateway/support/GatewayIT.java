package dev.edgeway.gateway.support;

import dev.edgeway.gateway.EdgewayApplication;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;

/**
 * A real gateway on random ports with the local provider, a fresh data directory and
 * generated credentials. Every integration test class using exactly this annotation shares one
 * Spring context, so the suite starts the gateway once.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(
        classes = EdgewayApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "management.server.port=0",
            "edgeway.gateway.data-dir=target/it-data/${random.uuid}",
            "edgeway.gateway.local.secret-mount-path=target/it-secrets/${random.uuid}",
            "edgeway.gateway.upstream-timeout=3s",
            "edgeway.gateway.read-timeout=4s",
            "edgeway.gateway.scaling.ready-timeout=10s",
            "edgeway.gateway.local.start-timeout=20s",
            "edgeway.pipelines.http-allowed-hosts=127.0.0.1",
        })
@AutoConfigureWebTestClient(timeout = "PT30S")
public @interface GatewayIT {}
