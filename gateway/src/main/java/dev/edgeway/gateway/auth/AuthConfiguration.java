package dev.edgeway.gateway.auth;

import dev.edgeway.gateway.config.GatewayProperties;
import dev.edgeway.storage.web.StorageApiGuard;
import java.nio.file.Path;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Basic auth is on unless switched off explicitly. Switched on explicitly, credentials come from
 * the OpenFaaS secret files; left unset, they are generated in the data directory. The route
 * tables apply the filter to their protected routes; the state API gets it as its guard.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${edgeway.gateway.auth.basic-auth:}' != 'false'")
class AuthConfiguration {

    /** OpenFaaS's default {@code secret_mount_path}. */
    private static final Path OPENFAAS_SECRETS = Path.of("/run/secrets");

    @Bean
    BasicAuthCredentials basicAuthCredentials(GatewayProperties properties) {
        GatewayProperties.Auth auth = properties.auth();
        if (Boolean.TRUE.equals(auth.basicAuth())) {
            Path mount = auth.secretMountPath() != null ? auth.secretMountPath() : OPENFAAS_SECRETS;
            return CredentialFiles.read(mount);
        }
        return CredentialFiles.readOrGenerate(properties.dataDir().resolve("auth"));
    }

    @Bean
    BasicAuthFilter basicAuthFilter(BasicAuthCredentials credentials) {
        return new BasicAuthFilter(credentials);
    }

    @Bean
    StorageApiGuard storageApiGuard(BasicAuthFilter auth) {
        return auth.problemJson()::filter;
    }
}
