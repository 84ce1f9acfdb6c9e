package dev.edgeway.gateway.provider.local;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A function's log on disk: lines are appended and the file is rotated to one {@code .1} file
 * when it would grow past its limit, so a chatty function never fills the disk. Callers
 * serialize access ({@link FunctionLog} holds its lock).
 */
final class LogFile {

    private static final Logger logger = LoggerFactory.getLogger(LogFile.class);

    private final Path path;
    private final long maxBytes;
    private @Nullable OutputStream out;
    private long size;
    private boolean failing;

    LogFile(Path path, long maxBytes) {
        this.path = path;
        this.maxBytes = maxBytes;
    }

    /** Appends one line, which must end with a line break. */
    void append(String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        try {
            OutputStream stream = out != null ? out : open();
            if (size > 0 && size + bytes.length > maxBytes) {
                stream = rotate();
            }
            stream.write(bytes);
            size += bytes.length;
            failing = false;
        } catch (IOException e) {
            // The in-memory log still has the line; say once that the file does not.
            if (!failing) {
                logger.warn("Cannot write function log {}: {}", path, e.toString());
            }
            failing = true;
            close();
        }
    }

    private OutputStream open() throws IOException {
        OutputStream stream = PrivateFiles.append(path);
        size = Files.size(path);
        out = stream;
        return stream;
    }

    private OutputStream rotate() throws IOException {
        close();
        Files.move(path, path.resolveSibling(path.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
        return open();
    }

    void close() {
        OutputStream stream = out;
        out = null;
        if (stream != null) {
            try {
                stream.close();
            } catch (IOException e) {
                logger.debug("Closing {} failed: {}", path, e.toString());
            }
        }
    }
}
