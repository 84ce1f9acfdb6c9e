package dev.edgeway.gateway.provider.local;

import dev.edgeway.gateway.invoke.Invocation;
import java.io.IOException;
import java.io.OutputStream;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.scheduler.Scheduler;

/**
 * Streams a request body into a process's stdin, one buffer at a time on the pipe scheduler:
 * a process that reads slowly slows the caller's upload instead of filling the heap. A process
 * that stops reading is expected (it may answer without its input); a body that fails on the
 * caller's side (the read timeout, a client gone) is reported, so the call fails rather than
 * running the function on half its input.
 */
final class ProcessStdin {

    private static final Logger logger = LoggerFactory.getLogger(ProcessStdin.class);

    private ProcessStdin() {}

    /**
     * Starts feeding; disposing stops it, and stdin is closed either way. {@code bodyFailed} runs
     * on the pipe thread before stdin is closed.
     */
    static Disposable feed(Invocation invocation, Process process, Scheduler pipes, Consumer<Throwable> bodyFailed) {
        OutputStream stdin = process.getOutputStream();
        if (!invocation.hasBody()) {
            close(stdin);
            return Disposables.disposed();
        }
        return invocation
                .body()
                .publishOn(pipes, 1)
                .doOnNext(buffer -> write(buffer, stdin))
                .doOnDiscard(DataBuffer.class, DataBufferUtils::release)
                .doFinally(signal -> close(stdin))
                .subscribe(null, e -> {
                    if (e instanceof StdinClosed) {
                        // A function may exit without reading its input: the broken pipe is expected.
                        logger.debug(
                                "stdin of {} closed early: {}",
                                invocation.function(),
                                e.getCause().toString());
                    } else {
                        bodyFailed.accept(e);
                    }
                });
    }

    /** The process closed its stdin: not the caller's failure. */
    private static final class StdinClosed extends RuntimeException {

        StdinClosed(IOException cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }

    private static void write(DataBuffer buffer, OutputStream stdin) {
        try {
            byte[] bytes = new byte[buffer.readableByteCount()];
            buffer.read(bytes);
            stdin.write(bytes);
            // The JDK buffers stdin; a function reading line by line must see each chunk now.
            stdin.flush();
        } catch (IOException e) {
            throw new StdinClosed(e);
        } finally {
            DataBufferUtils.release(buffer);
        }
    }

    private static void close(OutputStream stdin) {
        try {
            stdin.close();
        } catch (IOException e) {
            logger.debug("closing stdin failed: {}", e.toString());
        }
    }
}
