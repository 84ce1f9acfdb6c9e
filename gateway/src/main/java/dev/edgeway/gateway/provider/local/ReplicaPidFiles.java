package dev.edgeway.gateway.provider.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One file per running HTTP-mode replica ({@code <data-dir>/run/<pid>.pid}), as nats-server
 * keeps its pid file: a gateway killed with SIGKILL cannot stop its replicas, so the next start
 * stops those the files name. A file holds the pid, the start time and the executable; a
 * process is stopped only if its pid and start time still match, so a recycled pid never takes
 * down another program. The executable is for the log only: it changes when the replica's
 * program is a launcher that execs the real one (pyenv's {@code python3} shim is a bash script).
 */
final class ReplicaPidFiles {

    private static final Logger logger = LoggerFactory.getLogger(ReplicaPidFiles.class);
    private static final String SUFFIX = ".pid";
    private static final long GRACE_SECONDS = 5;

    private final Path dir;

    ReplicaPidFiles(Path dir) {
        this.dir = dir;
    }

    /** Records a replica that has just started. */
    void record(ProcessHandle process) throws IOException {
        Optional<String> line = describe(process);
        if (line.isPresent()) {
            PrivateFiles.writeAtomically(file(process.pid()), line.get().getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Forgets a replica that has exited. */
    void forget(ProcessHandle process) {
        try {
            Files.deleteIfExists(file(process.pid()));
        } catch (IOException e) {
            logger.debug("Could not remove {}: {}", file(process.pid()), e.getMessage());
        }
    }

    /** Stops the replicas an earlier run left behind (SIGTERM, SIGKILL after 5 s); returns how many. */
    int stopLeftovers() throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        int stopped = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path file : files) {
                Optional<ProcessHandle> leftover = leftover(file);
                Files.deleteIfExists(file);
                if (leftover.isPresent()) {
                    stop(leftover.get());
                    stopped++;
                }
            }
        }
        return stopped;
    }

    /** The process a file names, if it is still the very process that was recorded. */
    private static Optional<ProcessHandle> leftover(Path file) throws IOException {
        String[] fields = Files.readString(file, StandardCharsets.UTF_8).strip().split(" ", 3);
        if (fields.length < 2 || !fields[0].matches("\\d+") || !fields[1].matches("\\d+")) {
            return Optional.empty();
        }
        long started = Long.parseLong(fields[1]);
        return ProcessHandle.of(Long.parseLong(fields[0])).filter(process -> process.info()
                .startInstant()
                .map(start -> start.toEpochMilli() == started)
                .orElse(false));
    }

    private static void stop(ProcessHandle process) {
        logger.warn(
                "Stopping a function replica left behind by an earlier run (pid {}, {})",
                process.pid(),
                process.info().command().orElse("?"));
        ProcessTree.terminate(process);
        process.onExit()
                .orTimeout(GRACE_SECONDS, TimeUnit.SECONDS)
                .exceptionally(e -> {
                    ProcessTree.kill(process);
                    return process;
                })
                .join();
    }

    /** {@code <pid> <start epoch millis> <executable>}; empty when the OS does not say when it started. */
    private static Optional<String> describe(ProcessHandle process) {
        ProcessHandle.Info info = process.info();
        Optional<Instant> start = info.startInstant();
        return start.map(instant -> process.pid() + " " + instant.toEpochMilli() + " "
                + info.command().orElse("?"));
    }

    private Path file(long pid) {
        return dir.resolve(pid + SUFFIX);
    }
}
