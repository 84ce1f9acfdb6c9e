package dev.edgeway.sdk.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs {@code python3} with arguments in a directory and an environment, and keeps its output. */
public final class PythonRun {

    private PythonRun() {}

    /**
     * The result of one run.
     *
     * @param exitCode the exit code
     * @param output stdout and stderr together
     */
    public record Result(int exitCode, String output) {}

    /** Runs {@code python3 args...} in the directory; gives up after five minutes. */
    public static Result run(Path directory, Map<String, String> environment, String... args)
            throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("python3"));
        command.addAll(List.of(args));
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("python3 " + String.join(" ", args) + " did not finish");
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }
}
