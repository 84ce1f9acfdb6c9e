package dev.edgeway.gateway.provider.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Ports on the loopback interface, where HTTP-mode functions listen. */
final class LoopbackPorts {

    private static final int CONNECT_TIMEOUT_MILLIS = 250;

    private LoopbackPorts() {}

    /**
     * A port nothing listens on right now. Another program could take it before the function
     * does; the function then fails to listen, exits and is restarted on a new port.
     */
    static int free() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Whether something accepts connections on the port (blocking, briefly). */
    static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), CONNECT_TIMEOUT_MILLIS);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
