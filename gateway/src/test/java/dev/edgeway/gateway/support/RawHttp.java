package dev.edgeway.gateway.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * Sends one HTTP/1.1 request byte for byte over a socket. HTTP clients refuse to send what
 * careless or hostile callers do (a {@code |} in the path, {@code Content-Type: ;;;}), so
 * tests of bad input write the request themselves.
 */
public final class RawHttp {

    private final int port;

    public RawHttp(int port) {
        this.port = port;
    }

    /** A response: the status code and everything after the status line. */
    public record Response(int status, String text) {

        /** The body (still chunk-framed if the server chose chunked encoding). */
        public String body() {
            int end = text.indexOf("\r\n\r\n");
            return end < 0 ? "" : text.substring(end + 4);
        }
    }

    /** Sends {@code method target} with the headers and body, and reads the whole answer. */
    public Response send(String method, String target, Map<String, String> headers, byte[] body) {
        StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        headers.forEach(
                (name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("Content-Length: ").append(body.length).append("\r\nConnection: close\r\n\r\n");
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(20_000);
            // Read while writing: a server that answers without reading the whole body resets the
            // connection, and a reset drops what was received but not yet read.
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            Thread reader = Thread.ofVirtual().start(() -> readAll(socket, answer));
            OutputStream out = socket.getOutputStream();
            try {
                out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
                out.write(body);
                out.flush();
            } catch (IOException refused) {
                // The server may answer (413) and close before reading a body it refuses.
            }
            reader.join(Duration.ofSeconds(30));
            String text = answer.toString(StandardCharsets.UTF_8);
            if (!text.startsWith("HTTP/1.1 ")) {
                throw new IllegalStateException(method + " " + target + ": no HTTP response: " + text);
            }
            return new Response(Integer.parseInt(text.substring(9, 12)), text.substring(12));
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + target, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void readAll(Socket socket, ByteArrayOutputStream answer) {
        byte[] chunk = new byte[8192];
        try {
            InputStream in = socket.getInputStream();
            for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
                answer.write(chunk, 0, n);
            }
        } catch (IOException reset) {
            // Keep what arrived before the reset.
        }
    }

    public Response send(String method, String target, Map<String, String> headers) {
        return send(method, target, headers, new byte[0]);
    }
}
