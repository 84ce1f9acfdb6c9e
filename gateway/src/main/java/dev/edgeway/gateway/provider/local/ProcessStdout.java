package dev.edgeway.gateway.provider.local;

import dev.edgeway.gateway.invoke.UpstreamException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;

/**
 * A process's stdout as response body chunks. Each chunk is read only when the caller asks
 * for one, so at most a few chunks of a large output are in memory and a slow caller makes
 * the process wait on a full pipe.
 */
final class ProcessStdout {

    static final int CHUNK = 32 * 1024;

    private final InputStream stdout;
    private final String instance;
    private final AtomicLong written = new AtomicLong();

    ProcessStdout(Process process, String instance) {
        this.stdout = process.getInputStream();
        this.instance = instance;
    }

    /** The next chunk, blocking until there is one; null at the end of the output. */
    @Nullable
    DataBuffer read() throws IOException {
        byte[] bytes = new byte[CHUNK];
        int n = stdout.read(bytes);
        if (n < 0) {
            return null;
        }
        written.addAndGet(n);
        return DefaultDataBufferFactory.sharedInstance.wrap(n == CHUNK ? bytes : Arrays.copyOf(bytes, n));
    }

    /** The chunks after those already read, each read on demand on the pipe scheduler. */
    Flux<DataBuffer> rest(Scheduler pipes) {
        return Flux.<DataBuffer>generate(sink -> {
                    try {
                        DataBuffer next = read();
                        if (next == null) {
                            sink.complete();
                        } else {
                            sink.next(next);
                        }
                    } catch (IOException e) {
                        sink.error(new UpstreamException("reading " + instance + " failed: " + e, e));
                    }
                })
                .subscribeOn(pipes);
    }

    /** Bytes read so far. */
    long written() {
        return written.get();
    }
}
