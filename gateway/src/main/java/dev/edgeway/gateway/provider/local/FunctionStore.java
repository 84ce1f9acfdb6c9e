package dev.edgeway.gateway.provider.local;

import dev.edgeway.gateway.provider.FunctionNames;
import dev.edgeway.storage.kv.StoredJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Deployed functions on disk, one JSON file each at {@code <root>/<namespace>/<name>.json}.
 * Files are replaced atomically, so a crash leaves the old deployment or the new one, never
 * half of either. Names are validated before they get here, so they are safe path segments.
 */
final class FunctionStore {

    private static final Logger logger = LoggerFactory.getLogger(FunctionStore.class);
    private static final String SUFFIX = ".json";

    private final Path root;
    /** Files written by a newer gateway still load: the dialect of every record at rest. */
    private final JsonMapper json = StoredJson.MAPPER;

    FunctionStore(Path root) {
        this.root = root;
    }

    void save(StoredFunction function) {
        try {
            PrivateFiles.writeAtomically(file(function.namespace(), function.name()), json.writeValueAsBytes(function));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save function " + function.name() + "." + function.namespace(), e);
        }
    }

    void delete(String name, String namespace) {
        try {
            Files.deleteIfExists(file(namespace, name));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete function " + name + "." + namespace, e);
        }
    }

    /** The namespaces holding at least one stored function, whether configured or not. */
    List<String> namespaces() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(dir -> FunctionNames.isLabel(dir.getFileName().toString()))
                    .filter(FunctionStore::holdsFunctions)
                    .map(dir -> dir.getFileName().toString())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list namespaces in " + root, e);
        }
    }

    private static boolean holdsFunctions(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(f -> f.getFileName().toString().endsWith(SUFFIX));
        } catch (IOException e) {
            return false;
        }
    }

    /** Every stored function in the given namespaces; a file that cannot be read is skipped. */
    List<StoredFunction> load(List<String> namespaces) {
        List<StoredFunction> functions = new ArrayList<>();
        for (String namespace : namespaces) {
            Path dir = root.resolve(namespace);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(f -> f.getFileName().toString().endsWith(SUFFIX))
                        .sorted()
                        .forEach(f -> read(f, namespace, functions));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list functions in " + dir, e);
            }
        }
        return functions;
    }

    private void read(Path file, String namespace, List<StoredFunction> into) {
        try {
            StoredFunction function = json.readValue(file.toFile(), StoredFunction.class);
            String expected = file.getFileName().toString().replace(SUFFIX, "");
            if (function.name().equals(expected) && namespace.equals(function.namespace())) {
                into.add(function);
            } else {
                logger.warn("Skipping {}: it holds function {}.{}", file, function.name(), function.namespace());
            }
        } catch (RuntimeException e) {
            // One corrupt file (JacksonException, or a record refusing its fields) must not
            // keep the gateway and every other function from starting.
            logger.warn("Skipping unreadable function file {}: {}", file, e.toString());
        }
    }

    private Path file(String namespace, String name) {
        return root.resolve(namespace).resolve(name + SUFFIX);
    }
}
