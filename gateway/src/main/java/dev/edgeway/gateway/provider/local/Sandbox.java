package dev.edgeway.gateway.provider.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A function's view of the machine, built with bubblewrap: an empty root with the system
 * directories bound read-only, a private {@code /tmp}, {@code /proc} and {@code /dev} of its
 * own, the directories of the files on its command line read-only, and its own secrets at
 * {@code /var/openfaas/secrets/<name>}. The gateway's data directory and the other paths the
 * gateway keeps to itself are covered by an empty tmpfs wherever a bound directory would show
 * them. Everything is passed to bwrap as arguments, never through a shell.
 */
final class Sandbox {

    private static final Logger logger = LoggerFactory.getLogger(Sandbox.class);

    /** Where every OpenFaaS function reads its secrets. */
    static final Path SECRETS = Path.of("/var/openfaas/secrets");

    private static final List<Path> SYSTEM = Stream.of(
                    "/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/etc", "/opt")
            .map(Path::of)
            .toList();

    private final Path bwrap;
    private final List<Path> hidden;
    private final boolean enabled;

    private Sandbox(Path bwrap, List<Path> hidden, boolean enabled) {
        this.bwrap = bwrap;
        this.hidden = hidden.stream().map(p -> p.toAbsolutePath().normalize()).toList();
        this.enabled = enabled;
    }

    /** A sandbox that is never used: every function runs as the gateway's user sees the machine. */
    static Sandbox off() {
        return new Sandbox(Path.of("/usr/bin/bwrap"), List.of(), false);
    }

    /**
     * The sandbox the mode asks for, after trying bwrap once: with {@code auto} a machine where it
     * cannot run gets one warning; with {@code required} it is a start-up error.
     */
    static Sandbox start(SandboxMode mode, Path bwrap, List<Path> hidden) {
        if (mode == SandboxMode.OFF) {
            logger.info("Local functions run unsandboxed (edgeway.gateway.local.sandbox=off)");
            return off();
        }
        Sandbox sandbox = new Sandbox(bwrap, hidden, true);
        String failure = sandbox.probe();
        if (failure == null) {
            logger.info("Local functions run in a bubblewrap sandbox ({})", bwrap);
            return sandbox;
        }
        if (mode == SandboxMode.REQUIRED) {
            throw new IllegalStateException("edgeway.gateway.local.sandbox=required, but bubblewrap cannot run: "
                    + failure + " (install the Debian package bubblewrap, allow user namespaces, or set"
                    + " edgeway.gateway.local.sandbox=off)");
        }
        logger.warn(
                "Local functions run UNSANDBOXED: bubblewrap cannot run ({}). Every function can read what the"
                        + " gateway's user can, including its data directory. Install the Debian package"
                        + " bubblewrap and allow user namespaces, or set edgeway.gateway.local.sandbox=off"
                        + " to silence this warning.",
                failure);
        return off();
    }

    /** Runs {@code true} in a sandbox; the reason it cannot, or null when it can. */
    private @Nullable String probe() {
        if (!Files.isExecutable(bwrap)) {
            return bwrap + " is not installed";
        }
        try {
            Process process = new ProcessBuilder(wrap(List.of("true"), Map.of(), true))
                    .redirectErrorStream(true)
                    .start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes()).trim();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return "bwrap did not finish within 10s";
            }
            return process.exitValue() == 0 ? null : "exit status " + process.exitValue() + ": " + output;
        } catch (IOException e) {
            return e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    boolean enabled() {
        return enabled;
    }

    /** The mode in force, as {@code /system/info} shows it. */
    String describe() {
        return enabled ? "bubblewrap" : "none";
    }

    /**
     * The command line that runs {@code argv} in the sandbox.
     *
     * @param secrets the function's secrets: name to the file holding it
     * @param network whether the function shares the machine's network
     */
    List<String> wrap(List<String> argv, Map<String, Path> secrets, boolean network) {
        List<String> args = new ArrayList<>(List.of(bwrap.toString(), "--unshare-pid", "--unshare-ipc"));
        if (!network) {
            args.add("--unshare-net");
        }
        for (Path dir : SYSTEM) {
            if (Files.isSymbolicLink(dir)) {
                args.addAll(List.of("--symlink", readLink(dir), dir.toString()));
            } else if (Files.isDirectory(dir)) {
                args.addAll(List.of("--ro-bind", dir.toString(), dir.toString()));
            }
        }
        args.addAll(List.of("--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp"));
        Set<Path> own = ownDirectories(argv);
        for (Path dir : own) {
            args.addAll(List.of("--ro-bind", dir.toString(), dir.toString()));
        }
        // Mounted after the binds, so it covers whatever part of them would show these paths.
        for (Path path : hidden) {
            if (Files.isDirectory(path) && visible(path, own)) {
                args.addAll(List.of("--tmpfs", path.toString()));
            }
        }
        args.addAll(List.of("--dir", SECRETS.toString()));
        secrets.forEach((name, file) -> args.addAll(
                List.of("--ro-bind-try", file.toString(), SECRETS.resolve(name).toString())));
        Path cwd = Path.of("").toAbsolutePath();
        args.addAll(List.of("--chdir", own.contains(cwd) ? cwd.toString() : "/tmp", "--"));
        args.addAll(argv);
        return args;
    }

    /**
     * The directories of the files a command line names ({@code python3 /srv/fn/handler.py}),
     * which the function needs to see; the working directory when it names one relative to it.
     */
    private static Set<Path> ownDirectories(List<String> argv) {
        Set<Path> dirs = new LinkedHashSet<>();
        Path cwd = Path.of("").toAbsolutePath();
        for (String arg : argv) {
            Path path;
            try {
                path = cwd.resolve(arg).normalize();
            } catch (RuntimeException e) {
                continue;
            }
            if (!Files.isRegularFile(path) || path.getParent() == null) {
                continue;
            }
            Path dir = path.getParent();
            if (SYSTEM.stream().noneMatch(dir::startsWith)) {
                dirs.add(Path.of(arg).isAbsolute() ? dir : cwd);
            }
        }
        return dirs;
    }

    private static boolean visible(Path path, Set<Path> bound) {
        return SYSTEM.stream().anyMatch(path::startsWith)
                || bound.stream().anyMatch(dir -> path.startsWith(dir) || dir.startsWith(path));
    }

    private static String readLink(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException e) {
            return link.toString();
        }
    }
}
