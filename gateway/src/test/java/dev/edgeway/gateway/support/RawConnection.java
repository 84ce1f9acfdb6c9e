package dev.edgeway.gateway.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One raw HTTP/1.1 connection to the gateway, for what an HTTP client library will not do:
 * send a head slowly, stop half-way through a body, half-close, or hold a connection idle.
 */
public final class RawConnection implements AutoCloseable {

    private final Socket socket;

    private RawConnection(Socket socket) {
        this.socket = socket;
    }

    /** Connects; every read gives up after {@code readTimeout}. */
    public static RawConnection connect(int port, Duration readTimeout) {
        try {
            Socket socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout((int) readTimeout.toMillis());
            return new RawConnection(socket);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends text as is (CRLFs included). */
    public RawConnection send(String text) {
        try {
            socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Shuts down the sending side: the request is complete, the answer still wanted. */
    public RawConnection halfClose() {
        try {
            socket.shutdownOutput();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads until the gateway closes the connection; fails if it does not within the read timeout. */
    public String readUntilClosed() {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        try {
            InputStream in = socket.getInputStream();
            byte[] chunk = new byte[8192];
            for (int n; (n = in.read(chunk)) >= 0; ) {
                received.write(chunk, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("still open after the read timeout; received: " + text(received), e);
        } catch (IOException e) {
            // A reset after the answer still counts as closed.
        }
        return text(received);
    }

    /** Reads and drops {@code count} bytes, waiting for them; returns how many were read (fewer at a close). */
    public int skip(int count) {
        try {
            InputStream in = socket.getInputStream();
            byte[] chunk = new byte[8192];
            int read = 0;
            for (int n; read < count && (n = in.read(chunk, 0, Math.min(chunk.length, count - read))) >= 0; ) {
                read += n;
            }
            return read;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads until {@code marker} has arrived, and returns everything read so far. */
    public String readUntil(String marker) {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        try {
            InputStream in = socket.getInputStream();
            while (!text(received).contains(marker)) {
                int b = in.read();
                if (b < 0) {
                    throw new AssertionError("closed before " + marker + "; received: " + text(received));
                }
                received.write(b);
            }
            return text(received);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String text(ByteArrayOutputStream bytes) {
        return bytes.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
