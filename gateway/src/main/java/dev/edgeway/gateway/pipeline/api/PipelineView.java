package dev.edgeway.gateway.pipeline.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.edgeway.dag.linearize.Chain;
import dev.edgeway.dag.linearize.ChainLink;
import dev.edgeway.dag.model.StepId;
import dev.edgeway.dag.render.MermaidRenderer;
import dev.edgeway.gateway.pipeline.definition.Pipeline;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A pipeline as the API shows it: {@code PUT} answers the chain and its explanation,
 * {@code GET} adds the definition text and the Mermaid pictures of the DAG and the chain.
 *
 * @param name the pipeline's name
 * @param revision the definition's key-value revision
 * @param updatedAt when the definition was stored
 * @param format {@code yaml} or {@code json} (GET only)
 * @param definition the definition as it was sent (GET only)
 * @param chain the steps in the order they run
 * @param explanation which rule placed each step
 * @param mermaid the DAG and the chain as Mermaid flowcharts (GET only)
 */
@JsonNaming(SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"name", "revision", "updated_at", "format", "definition", "chain", "explanation", "mermaid"})
record PipelineView(
        String name,
        long revision,
        Instant updatedAt,
        @Nullable String format,
        @Nullable String definition,
        List<Link> chain,
        List<String> explanation,
        @Nullable Mermaid mermaid) {

    private static final MermaidRenderer MERMAID = new MermaidRenderer();

    /**
     * One link of the chain.
     *
     * @param position 0 for the first step
     * @param id the step's id
     * @param target what it calls, e.g. {@code function: recognize.edge-fn}
     * @param after the step's parents
     */
    @JsonNaming(SnakeCaseStrategy.class)
    @JsonPropertyOrder({"position", "id", "target", "after"})
    record Link(int position, String id, String target, List<String> after) {

        static Link of(ChainLink link) {
            return new Link(
                    link.position(),
                    link.id().value(),
                    link.step().target().describe(),
                    link.parents().stream().map(StepId::value).toList());
        }
    }

    /**
     * Mermaid flowcharts.
     *
     * @param dag the DAG, top-down
     * @param chain the chain, left to right
     */
    record Mermaid(String dag, String chain) {}

    /** The answer of a {@code PUT}: the chain. */
    static PipelineView chainOf(Pipeline pipeline) {
        Chain chain = pipeline.chain();
        return new PipelineView(
                pipeline.name(),
                pipeline.revision(),
                pipeline.definition().updatedAt(),
                null,
                null,
                chain.stream().map(Link::of).toList(),
                chain.explanation().lines(),
                null);
    }

    /** The answer of a {@code GET}: everything. */
    static PipelineView of(Pipeline pipeline) {
        Chain chain = pipeline.chain();
        return new PipelineView(
                pipeline.name(),
                pipeline.revision(),
                pipeline.definition().updatedAt(),
                pipeline.definition().format(),
                pipeline.definition().definition(),
                chain.stream().map(Link::of).toList(),
                chain.explanation().lines(),
                new Mermaid(MERMAID.renderDag(pipeline.dag()), MERMAID.renderChain(chain)));
    }

    /**
     * A line of {@code GET /system/pipelines}.
     *
     * @param name the pipeline's name
     * @param steps how many steps it has
     * @param revision the definition's key-value revision
     * @param updatedAt when the definition was stored
     */
    @JsonNaming(SnakeCaseStrategy.class)
    @JsonPropertyOrder({"name", "steps", "revision", "updated_at"})
    record Summary(String name, int steps, long revision, Instant updatedAt) {

        static Summary of(Pipeline pipeline) {
            return new Summary(
                    pipeline.name(),
                    pipeline.chain().size(),
                    pipeline.revision(),
                    pipeline.definition().updatedAt());
        }
    }
}
