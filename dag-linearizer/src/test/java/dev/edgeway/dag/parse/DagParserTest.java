package dev.edgeway.dag.parse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgeway.dag.model.Dag;
import dev.edgeway.dag.model.FunctionTarget;
import dev.edgeway.dag.model.HttpTarget;
import dev.edgeway.dag.model.RetryPolicy;
import dev.edgeway.dag.model.Step;
import dev.edgeway.dag.model.StepId;
import dev.edgeway.dag.validate.Violation;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

class DagParserTest {

    private final DagParser parser = new DagParser();

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(Objects.requireNonNull(DagParserTest.class.getResource("/pipelines/" + name))
                .toURI());
    }

    private Dag parsed(ParseResult result) {
        assertThat(result).isInstanceOf(ParseResult.Parsed.class);
        return ((ParseResult.Parsed) result).dag();
    }

    private List<String> violations(String text) {
        ParseResult result = parser.parse(text);
        assertThat(result).isInstanceOf(ParseResult.Rejected.class);
        return ((ParseResult.Rejected) result)
                .violations().stream().map(Violation::message).toList();
    }

    @Test
    void readsEveryFieldOfAYamlDefinition() throws Exception {
        Dag dag = parsed(parser.parse(resource("edge.yaml")));
        assertThat(dag.name()).isEqualTo("edge-recognition");
        assertThat(dag.input()).isEqualTo("a JPEG frame from the camera");
        assertThat(dag.steps())
                .extracting(Step::id)
                .extracting(StepId::value)
                .containsExactly("evaluate", "recognize-faces", "recognize-plates", "merge");
        Step faces = dag.steps().get(1);
        assertThat(faces.target()).isEqualTo(new FunctionTarget("recognize", "edge-fn"));
        assertThat(faces.after()).containsExactly(StepId.of("evaluate"));
        assertThat(faces.timeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(faces.retries()).isEqualTo(new RetryPolicy(2, Duration.ofMillis(500), 3.0, Duration.ofSeconds(2)));
        assertThat(faces.priority()).isEqualTo(1);
        assertThat(faces.config()).containsExactly(Map.entry("model", "faces-small"), Map.entry("threshold", 0.8));
        Step plates = dag.steps().get(2);
        assertThat(plates.retries()).isEqualTo(RetryPolicy.of(1));
        assertThat(plates.config()).containsEntry("regions", List.of("eu", "uk"));
        Step merge = dag.steps().get(3);
        assertThat(merge.target()).isEqualTo(new HttpTarget("http://merger.local:8080/merge"));
        assertThat(merge.timeout()).isEqualTo(Duration.ofMillis(2_500));
        assertThat(merge.retries()).isEqualTo(RetryPolicy.NONE);
        assertThat(dag.steps().getFirst().priority()).isZero();
    }

    @Test
    void readsJsonIntoTheSameModel() throws Exception {
        Dag json = parsed(parser.parse(resource("edge.json")));
        Dag yaml = parsed(parser.parse(resource("edge.yaml")));
        assertThat(json).isEqualTo(yaml);
    }

    @Test
    void detectsJsonByItsFirstCharacter() throws IOException, URISyntaxException {
        String text = java.nio.file.Files.readString(resource("edge.json"));
        assertThat(DagParser.Format.detect(text)).isEqualTo(DagParser.Format.JSON);
        assertThat(parsed(parser.parse(text)).steps()).hasSize(4);
    }

    @Test
    void appliesDefaults() {
        Step step = parsed(parser.parse("name: p\nsteps:\n  - id: a\n    function: f\n"))
                .steps()
                .getFirst();
        assertThat(step).isEqualTo(Step.of("a", new FunctionTarget("f", null)));
    }

    @Test
    void reportsYamlSyntaxErrorWithLineAndColumn() {
        assertThat(violations("name: p\nsteps:\n  - id: a\n   function: [f\n"))
                .containsExactly("line 4, column 4: while parsing a block collection;"
                        + " expected <block end>, but found '<block mapping start>'");
        assertThat(violations("name: p\n\tsteps: []\n"))
                .singleElement()
                .asString()
                .startsWith("line 2, column 1: while scanning for the next token; found character '\\t(TAB)'");
    }

    @Test
    void reportsJsonSyntaxErrorWithLineAndColumn() {
        assertThat(violations("{\"name\": \"p\",\n \"steps\": [}"))
                .containsExactly("line 2, column 12: Unexpected close marker '}': expected ']'");
        assertThat(violations("{\"name\": \"p\", \"steps\": []} {}"))
                .containsExactly("line 1, column 28: content after the end of the document (expected: one document)");
    }

    @Test
    void reportsDuplicateKeys() {
        assertThat(violations("name: p\nname: q\nsteps: []\n"))
                .singleElement()
                .asString()
                .isEqualTo("line 2, column 7: duplicate field \"name\" (expected: each field once)")
                .doesNotContain("Jackson", "ObjectNode", "DeserializationFeature");
    }

    @Test
    void reportsEmptyAndNonMappingDocuments() {
        assertThat(violations(""))
                .containsExactly("document: empty (expected: a pipeline definition with name and steps)");
        assertThat(violations("- a\n- b\n"))
                .containsExactly("document: a list (expected: a mapping with name, input and steps)");
    }

    @Test
    void reportsEveryStructuralProblemWithItsPath() {
        String text = """
                title: x
                steps:
                  - id: a
                    function: f
                    http: http://x
                    timeout: soon
                  - id: b
                    priority: high
                    retries: {count: 1.5, jitter: 2}
                    after: [a, [b]]
                    config: {key: null}
                  - function: g
                  - just-text
                """;
        assertThat(violations(text))
                .containsExactly(
                        "title: unknown field (expected: one of name, input, steps, schedule)",
                        "name: missing (expected: the pipeline name)",
                        "steps[0] (a): both function and http (expected: exactly one target)",
                        "steps[0] (a).timeout: \"soon\" (expected: " + DurationText.EXPECTED + ")",
                        "steps[1] (b): no target (expected: function: name[.namespace] or http: URL)",
                        "steps[1] (b).after[1]: a list (expected: a string)",
                        "steps[1] (b).retries.jitter: unknown field (expected: one of count, backoff, multiplier, maxBackoff)",
                        "steps[1] (b).retries.count: 1.5 (expected: an integer)",
                        "steps[1] (b).priority: \"high\" (expected: an integer)",
                        "steps[1] (b).config.key: null (expected: a value (string, number, boolean, list or mapping))",
                        "steps[2].id: missing (expected: the step id)",
                        "steps[3]: \"just-text\" (expected: a mapping with id and function or http)");
    }

    @Test
    void readsAnEmptyStepListForTheValidatorToReport() {
        assertThat(parsed(parser.parse("name: p\nsteps: []\n")).steps()).isEmpty();
    }
}
