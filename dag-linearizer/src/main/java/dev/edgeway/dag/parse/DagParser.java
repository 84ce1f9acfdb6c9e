package dev.edgeway.dag.parse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads pipeline definitions written in YAML or JSON into the same model. Syntax errors become
 * violations located by line and column, structural ones by their path ({@code steps[2].timeout});
 * no Jackson type or exception leaves this class. Thread-safe.
 */
public final class DagParser {

    /** The two notations of a definition. */
    public enum Format {
        YAML,
        JSON;

        /** JSON for a {@code .json} file, YAML otherwise. */
        public static Format of(Path file) {
            return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json") ? JSON : YAML;
        }

        /** JSON when the text starts with <code>{</code>, YAML otherwise. */
        public static Format detect(String text) {
            return text.stripLeading().startsWith("{") ? JSON : YAML;
        }
    }

    private final ObjectMapper yaml = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .build();
    private final ObjectMapper json = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .build();

    /** Reads a file, choosing the format by its extension. */
    public ParseResult parse(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8), Format.of(file));
    }

    /** Reads text, choosing the format by its first character. */
    public ParseResult parse(String text) {
        return parse(text, Format.detect(text));
    }

    public ParseResult parse(byte[] utf8, Format format) {
        return parse(new String(utf8, StandardCharsets.UTF_8), format);
    }

    public ParseResult parse(String text, Format format) {
        JsonNode root;
        try {
            root = tree(text, format);
        } catch (JacksonException e) {
            return new ParseResult.Rejected(List.of(SyntaxError.describe(e)));
        }
        return new DefinitionReader().read(root);
    }

    /**
     * The definition's tree, read as {@link #parse} reads it (duplicate keys refused), for the
     * top-level fields the library accepts and leaves to its caller (a gateway's {@code schedule}).
     */
    public JsonNode tree(String text, Format format) throws JacksonException {
        return (format == Format.JSON ? json : yaml).readTree(text);
    }
}
