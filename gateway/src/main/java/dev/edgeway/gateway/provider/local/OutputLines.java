package dev.edgeway.gateway.provider.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Reads a process's output as lines for the function log. Lines are bounded: a function that
 * prints megabytes without a line break costs {@link #MAX_LINE} bytes, not megabytes.
 */
final class OutputLines {

    /** The longest line kept whole; a longer one is cut into pieces of this many bytes. */
    static final int MAX_LINE = 16 * 1024;

    private OutputLines() {}

    /** Reads until the stream ends, handing each line (without its line break) to the consumer. */
    static void pump(InputStream in, Consumer<String> lines) {
        byte[] chunk = new byte[8192];
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try (in) {
            int n;
            while ((n = in.read(chunk)) >= 0) {
                for (int i = 0; i < n; i++) {
                    if (chunk[i] == '\n') {
                        emit(line, lines);
                    } else {
                        line.write(chunk[i]);
                        if (line.size() >= MAX_LINE) {
                            emit(line, lines);
                        }
                    }
                }
            }
        } catch (IOException e) {
            // The pipe breaks when the process is killed; what was read so far is still logged.
        }
        if (line.size() > 0) {
            emit(line, lines);
        }
    }

    private static void emit(ByteArrayOutputStream line, Consumer<String> lines) {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        lines.accept(text.endsWith("\r") ? text.substring(0, text.length() - 1) : text);
    }
}
