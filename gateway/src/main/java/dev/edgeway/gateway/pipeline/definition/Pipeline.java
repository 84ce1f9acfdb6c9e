package dev.edgeway.gateway.pipeline.definition;

import dev.edgeway.dag.linearize.Chain;
import dev.edgeway.dag.model.Dag;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A stored pipeline, parsed and linearized: its definition as stored, the key-value revision it
 * was read at, the DAG and its chain, and its {@code schedule} if it has one.
 */
public record Pipeline(
        StoredDefinition definition,
        long revision,
        Dag dag,
        Chain chain,
        @Nullable PipelineSchedule schedule) {

    public Pipeline {
        Objects.requireNonNull(definition, "definition");
        Objects.requireNonNull(dag, "dag");
        Objects.requireNonNull(chain, "chain");
    }

    public String name() {
        return definition.name();
    }
}
