package dev.edgeway.dag.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.edgeway.dag.linearize.Chain;
import dev.edgeway.dag.linearize.ChainLink;
import dev.edgeway.dag.linearize.Linearizer;
import dev.edgeway.dag.model.Dag;
import dev.edgeway.dag.parse.DagParser;
import dev.edgeway.dag.parse.ParseResult;
import dev.edgeway.dag.render.MermaidRenderer;
import dev.edgeway.dag.validate.DagValidator;
import dev.edgeway.dag.validate.Violation;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code plan FILE}: a dry run of a pipeline definition. Prints the chain, the explanation of its
 * order and Mermaid text for the DAG and the chain, and exits 0; for an invalid definition prints
 * every violation and exits 1; for a usage error or an unreadable file exits 2.
 */
public final class PlanCommand {

    public static final int OK = 0;
    public static final int INVALID = 1;
    public static final int USAGE = 2;

    private static final String USAGE_TEXT = "usage: plan FILE   (a pipeline definition in YAML, or JSON for *.json)";

    private final PrintStream out;
    private final PrintStream err;

    public PlanCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        // The CLI's own output: standard streams opened here, once, rather than System.out.
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, UTF_8);
        int status = new PlanCommand(out, err).run(List.of(args));
        out.flush();
        err.flush();
        System.exit(status);
    }

    /** Runs the command and answers its exit status. */
    public int run(List<String> args) {
        if (args.size() != 2 || !args.get(0).equals("plan")) {
            err.println(USAGE_TEXT);
            return USAGE;
        }
        Path file = Path.of(args.get(1));
        if (!Files.isRegularFile(file)) {
            err.println("plan: " + file + ": no such file");
            return USAGE;
        }
        ParseResult result;
        try {
            result = new DagParser().parse(file);
        } catch (IOException e) {
            err.println("plan: " + file + ": cannot read: " + e.getMessage());
            return USAGE;
        }
        return switch (result) {
            case ParseResult.Rejected rejected -> invalid(file, rejected.violations());
            case ParseResult.Parsed parsed -> plan(file, parsed.dag());
        };
    }

    private int plan(Path file, Dag dag) {
        List<Violation> violations = new DagValidator().validate(dag);
        if (!violations.isEmpty()) {
            return invalid(file, violations);
        }
        Chain chain = new Linearizer().linearize(dag);
        MermaidRenderer mermaid = new MermaidRenderer();
        out.println("Pipeline " + dag.name() + ": " + dag.steps().size() + " steps"
                + (dag.input().isEmpty() ? "" : ", input: " + dag.input()));
        out.println();
        out.println("Chain:");
        for (ChainLink link : chain) {
            String after = link.parents().isEmpty()
                    ? ""
                    : "  after "
                            + String.join(
                                    ", ",
                                    link.parents().stream()
                                            .map(Object::toString)
                                            .toList());
            out.println("  " + (link.position() + 1) + ". " + link.id() + "  ("
                    + link.step().target().describe() + ")" + after);
        }
        out.println();
        out.println("Explanation:");
        chain.explanation().lines().forEach(line -> out.println("  " + line));
        out.println();
        out.println("Mermaid, DAG:");
        out.print(mermaid.renderDag(dag));
        out.println();
        out.println("Mermaid, chain:");
        out.print(mermaid.renderChain(chain));
        return OK;
    }

    private int invalid(Path file, List<Violation> violations) {
        err.println(file + ": " + violations.size() + (violations.size() == 1 ? " problem" : " problems"));
        violations.forEach(v -> err.println("  " + v.message()));
        return INVALID;
    }
}
