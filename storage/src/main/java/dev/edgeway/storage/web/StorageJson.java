package dev.edgeway.storage.web;

import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The storage API's own JSON mapper, so its wire format (snake_case per record, ISO-8601
 * instants, strict input) does not depend on how the application configures Jackson.
 */
final class StorageJson {

    static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private StorageJson() {}

    static byte[] write(Object value) {
        return MAPPER.writeValueAsBytes(value);
    }
}
