package dev.edgeway.gateway.pipeline.definition;

import dev.edgeway.dag.linearize.Chain;
import dev.edgeway.dag.model.Dag;
import java.util.Objects;

/**
 * A stored pipeline, parsed and linearized: its definition as stored, the key-value revision it
 * was read at, the DAG and its chain.
 */
public record Pipeline(StoredDefinition definition, long revision, Dag dag, Chain chain) {

    public Pipeline {
        Objects.requireNonNull(definition, "definition");
        Objects.requireNonNull(dag, "dag");
        Objects.requireNonNull(chain, "chain");
    }

    public String name() {
        return definition.name();
    }
}
