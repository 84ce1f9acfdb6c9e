package dev.edgeway.gateway.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * HTTP/1.1 over a plain socket, sending the request target byte for byte as given: the test
 * clients of Spring and the JDK normalise or re-encode paths, which hides exactly the spellings
 * a gateway has to be tested with ({@code /%73ystem}, {@code ;x}, {@code ..}, absolute form).
 */
public final class RawHttp {

    private final int port;

    public RawHttp(int port) {
        this.port = port;
    }

    /**
     * The answer from the gateway's first response line and what follows it.
     *
     * @param status the status code
     * @param text the whole response: status line, headers and body
     */
    public record Answer(int status, String text) {

        /** The body (still chunk-framed if the server chose chunked encoding). */
        public String body() {
            int end = text.indexOf("\r\n\r\n");
            return end < 0 ? "" : text.substring(end + 4);
        }
    }

    /** Sends one request on a new connection, with {@code Connection: close}. */
    public Answer send(String method, String target, @Nullable String authorization, @Nullable String json) {
        StringBuilder request = new StringBuilder()
                .append(method)
                .append(' ')
                .append(target)
                .append(" HTTP/1.1\r\nHost: 127.0.0.1:")
                .append(port)
                .append("\r\nConnection: close\r\n");
        if (authorization != null) {
            request.append("Authorization: ").append(authorization).append("\r\n");
        }
        byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
        if (json != null) {
            request.append("Content-Type: application/json\r\n");
        }
        request.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            // One write, so the whole request is read by the server before it answers and closes:
            // bytes left unread in the kernel make the close a reset that loses the answer.
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            bytes.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            bytes.write(body);
            socket.getOutputStream().write(bytes.toByteArray());
            String text = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new Answer(status(text), text);
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + target, e);
        }
    }

    private static int status(String text) {
        if (!text.startsWith("HTTP/1.1 ") || text.length() < 12) {
            throw new IllegalStateException("not an HTTP/1.1 response: " + text);
        }
        return Integer.parseInt(text.substring(9, 12));
    }
}
