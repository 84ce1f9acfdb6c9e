package dev.edgeway.gateway.pipeline.definition;

import dev.edgeway.dag.parse.DagParser;
import dev.edgeway.gateway.pipeline.PipelineProblem;
import dev.edgeway.storage.kv.Entry;
import dev.edgeway.storage.kv.NamedBucket;
import dev.edgeway.storage.kv.StoredJson;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.json.JsonMapper;

/**
 * Pipeline definitions in the {@code edgeway-pipelines} key-value bucket, one entry per name
 * ({@link StoredDefinition} as JSON), shared by every gateway on the bucket. A run finds its
 * pipeline in the {@link DefinitionCache} the bucket's watch keeps, else in the bucket; the
 * parsed chain is cached per name and revision, so a run does not parse YAML again. Listing and
 * showing read the bucket. Blocking: call it off the event loop.
 */
public final class PipelineDefinitions implements AutoCloseable {

    private static final JsonMapper JSON = StoredJson.MAPPER;

    private final NamedBucket store;
    private final PipelineCompiler compiler;
    private final Clock clock;
    private final Map<String, Pipeline> compiled = new ConcurrentHashMap<>();
    private final DefinitionCache cache;

    public PipelineDefinitions(NamedBucket store, PipelineCompiler compiler, Clock clock) {
        this.store = store;
        this.compiler = compiler;
        this.clock = clock;
        this.cache = new DefinitionCache(store);
    }

    /** What a save did. */
    public record Saved(Pipeline pipeline, boolean created) {}

    /**
     * Compiles and stores a definition under its name, replacing any earlier one. A definition
     * larger than one key-value entry may be (the server's max payload) is refused with 413 first,
     * before it is parsed.
     */
    public Saved save(String name, String text, DagParser.Format format) {
        StoredDefinition definition = new StoredDefinition(
                name,
                format.name().toLowerCase(Locale.ROOT),
                text,
                clock.instant().truncatedTo(ChronoUnit.MILLIS));
        byte[] entry = JSON.writeValueAsBytes(definition);
        if (entry.length > store.maxEntrySize()) {
            // One key-value entry holds a definition, and NATS refuses a message over its max payload.
            throw PipelineProblem.payloadTooLarge("definition, as stored", store.maxEntrySize());
        }
        PipelineCompiler.Compiled result = compiler.compile(name, text, format, true);
        boolean existed = store.get(name).isPresent();
        long revision = store.put(name, entry);
        cache.held(new Entry(name, entry, revision));
        Pipeline pipeline = new Pipeline(definition, revision, result.dag(), result.chain(), result.schedule());
        compiled.put(name, pipeline);
        return new Saved(pipeline, !existed);
    }

    /** The pipeline as this gateway knows it, else as stored. */
    public Optional<Pipeline> find(String name) {
        Optional<Entry> entry = cache.find(name);
        if (entry.isEmpty()) {
            entry = store.get(name);
            entry.ifPresent(cache::held);
        }
        return entry.map(this::compiled);
    }

    /** The pipeline, or a 404 problem. */
    public Pipeline require(String name) {
        return find(name).orElseThrow(() -> PipelineProblem.pipelineNotFound(name));
    }

    /** The pipeline as stored now, or a 404 problem: what an administrator is shown. */
    public Pipeline requireStored(String name) {
        return stored(name).orElseThrow(() -> PipelineProblem.pipelineNotFound(name));
    }

    /** Every stored pipeline, by name. */
    public List<Pipeline> list() {
        return store.keys().stream()
                .sorted()
                .map(this::stored)
                .flatMap(Optional::stream)
                .sorted(Comparator.comparing(Pipeline::name))
                .toList();
    }

    /** Deletes a definition; returns whether it existed. Runs stay in the state store. */
    public boolean delete(String name) {
        compiled.remove(name);
        if (store.get(name).isEmpty()) {
            return false;
        }
        store.delete(name);
        cache.removedHere(name);
        return true;
    }

    @Override
    public void close() {
        cache.close();
    }

    /** The pipeline as the bucket holds it now, past the cache. */
    private Optional<Pipeline> stored(String name) {
        return store.get(name).map(this::compiled);
    }

    private Pipeline compiled(Entry entry) {
        Pipeline cached = compiled.get(entry.key());
        if (cached != null && cached.revision() == entry.revision()) {
            return cached;
        }
        StoredDefinition definition = JSON.readValue(entry.value(), StoredDefinition.class);
        DagParser.Format format = "json".equals(definition.format()) ? DagParser.Format.JSON : DagParser.Format.YAML;
        PipelineCompiler.Compiled result = compiler.compile(definition.name(), definition.definition(), format, false);
        Pipeline pipeline = new Pipeline(definition, entry.revision(), result.dag(), result.chain(), result.schedule());
        compiled.put(entry.key(), pipeline);
        return pipeline;
    }
}
