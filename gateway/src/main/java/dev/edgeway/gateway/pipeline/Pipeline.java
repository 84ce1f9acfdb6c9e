package dev.edgeway.gateway.pipeline;

import dev.edgeway.dag.linearize.Chain;
import dev.edgeway.dag.model.Dag;
import java.util.Objects;

/**
 * A stored pipeline, parsed and linearized: its definition as stored, the key-value revision it
 * was read at, the DAG and its chain.
 */
record Pipeline(StoredDefinition definition, long revision, Dag dag, Chain chain) {

    Pipeline {
        Objects.requireNonNull(definition, "definition");
        Objects.requireNonNull(dag, "dag");
        Objects.requireNonNull(chain, "chain");
    }

    String name() {
        return definition.name();
    }
}
