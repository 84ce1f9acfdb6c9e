package dev.edgeway.gateway.config;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * OpenFaaS's wire JSON, as Go's {@code encoding/json} reads and writes it: a field left out by
 * {@code omitempty} ({@code replicas}, {@code readOnlyRootFilesystem}, ...) is its zero value,
 * where Jackson 3 by default refuses a missing primitive, and keys match case-insensitively.
 * The application's {@link JsonMapper} is this dialect, so the {@code /system} handlers, the
 * codecs and the faas-provider client read alike; the wire names themselves are on each record
 * ({@code @JsonProperty}). Edgeway's own formats have mappers of their own: the storage API's,
 * and {@code StoredJson} for records at rest.
 */
@Configuration(proxyBeanMethods = false)
public class OpenFaasJson {

    /** The dialect's settings, applied to the application's mapper. */
    public static JsonMapper.Builder configure(JsonMapper.Builder builder) {
        return builder.disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES);
    }

    /** A mapper of this dialect outside an application context (the faas-provider client's tests). */
    public static JsonMapper mapper() {
        return configure(JsonMapper.builder()).build();
    }

    @Bean
    JsonMapperBuilderCustomizer openFaasJsonRules() {
        return OpenFaasJson::configure;
    }
}
