package dev.edgeway.dag.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanCommandTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final PlanCommand command =
            new PlanCommand(new PrintStream(out, true, UTF_8), new PrintStream(err, true, UTF_8));

    private Path file(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void printsChainExplanationAndMermaidForAValidFile() throws IOException {
        Path file = file("diamond.yaml", """
                name: diamond
                steps:
                  - {id: evaluate, function: evaluate}
                  - {id: left, function: recognize, after: evaluate}
                  - {id: right, function: recognize, after: evaluate}
                  - {id: merge, http: "http://merge.local/", after: [left, right]}
                """);
        assertThat(command.run(List.of("plan", file.toString()))).isEqualTo(PlanCommand.OK);
        assertThat(out.toString(UTF_8))
                .contains("Pipeline diamond: 4 steps")
                .contains("  1. evaluate  (function: evaluate)")
                .contains("  4. merge  (http: http://merge.local/)  after left, right")
                .contains("  2. left: after its last parent evaluate; tie with right broken by declaration order")
                .contains("Mermaid, DAG:\nflowchart TD\n")
                .contains("Mermaid, chain:\nflowchart LR\n")
                .contains("    c2 --> c3\n");
        assertThat(err.toString(UTF_8)).isEmpty();
    }

    @Test
    void printsEveryViolationAndExitsOneForAnInvalidFile() throws IOException {
        Path file = file("bad.json", """
                {"name": "bad", "steps": [
                  {"id": "a", "function": "f", "after": ["c"]},
                  {"id": "b", "function": "f", "after": ["a", "nope"]},
                  {"id": "c", "function": "f", "after": ["b"]}
                ]}
                """);
        assertThat(command.run(List.of("plan", file.toString()))).isEqualTo(PlanCommand.INVALID);
        assertThat(err.toString(UTF_8))
                .contains(file + ": 2 problems")
                .contains("  steps[1] (b).after: nope (expected: the id of a step in this pipeline)")
                .contains("  cycle: a -> b -> c -> a (expected: no cycle)");
        assertThat(out.toString(UTF_8)).isEmpty();
    }

    @Test
    void exitsOneForAnUnreadableDocument() throws IOException {
        Path file = file("broken.yaml", "name: [\n");
        assertThat(command.run(List.of("plan", file.toString()))).isEqualTo(PlanCommand.INVALID);
        assertThat(err.toString(UTF_8)).contains("1 problem").contains("line ");
    }

    @Test
    void exitsTwoForUsageErrors() {
        assertThat(command.run(List.of())).isEqualTo(PlanCommand.USAGE);
        assertThat(command.run(List.of("apply", "x.yaml"))).isEqualTo(PlanCommand.USAGE);
        assertThat(command.run(List.of("plan", dir.resolve("missing.yaml").toString())))
                .isEqualTo(PlanCommand.USAGE);
        assertThat(err.toString(UTF_8)).contains("usage: plan FILE").contains("missing.yaml: no such file");
    }
}
