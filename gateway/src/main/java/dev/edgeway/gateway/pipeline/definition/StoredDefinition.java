package dev.edgeway.gateway.pipeline.definition;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.Objects;
import tools.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A pipeline definition as kept in the {@code edgeway-pipelines} key-value bucket under its
 * name: the text exactly as it was sent (comments and layout kept), its notation, and when it
 * was stored.
 *
 * @param name the pipeline's name
 * @param format {@code yaml} or {@code json}
 * @param definition the definition text
 * @param updatedAt when it was stored
 */
@JsonNaming(SnakeCaseStrategy.class)
@JsonPropertyOrder({"name", "format", "definition", "updated_at"})
public record StoredDefinition(String name, String format, String definition, Instant updatedAt) {

    public StoredDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(definition, "definition");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
