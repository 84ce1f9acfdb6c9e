package dev.edgeway.gateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;

/**
 * Debian's {@code nats-server} processes on loopback, each with JetStream and its own store
 * directory; with more than one node they form one JetStream cluster through routes. A node can
 * be killed with SIGKILL and started again on the same ports and store, as after a crash.
 */
public final class NatsCluster implements AutoCloseable {

    private final Path root;
    private final int[] clientPorts;
    private final int[] routePorts;
    private final Process[] nodes;

    private NatsCluster(Path root, int size) {
        this.root = root;
        this.clientPorts = freePorts(size);
        this.routePorts = freePorts(size);
        this.nodes = new Process[size];
    }

    /** Starts {@code size} nodes and waits until each accepts connections. */
    public static NatsCluster start(int size) {
        try {
            NatsCluster cluster = new NatsCluster(Files.createTempDirectory("edgeway-nats-cluster"), size);
            for (int i = 0; i < size; i++) {
                cluster.startNode(i);
            }
            return cluster;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every node's client URL, comma-separated, as {@code edgeway.nats.url} takes them. */
    public String urls() {
        List<String> urls = new ArrayList<>();
        for (int port : clientPorts) {
            urls.add("nats://127.0.0.1:" + port);
        }
        return String.join(",", urls);
    }

    /** Kills a node with SIGKILL ({@code kill -9}): no shutdown, no flush. */
    public void kill(int node) {
        nodes[node].destroyForcibly();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !nodes[node].isAlive());
    }

    /** Starts a node again on its ports and store directory; does nothing while it runs. */
    public void startNode(int node) {
        if (nodes[node] != null && nodes[node].isAlive()) {
            return;
        }
        List<String> command = new ArrayList<>(List.of(
                "nats-server",
                "-js",
                "-a",
                "127.0.0.1",
                "-p",
                Integer.toString(clientPorts[node]),
                "-sd",
                root.resolve("node-" + node).toString(),
                "-n",
                "node-" + node));
        if (clientPorts.length > 1) {
            String routes = java.util.stream.IntStream.range(0, routePorts.length)
                    .filter(i -> i != node)
                    .mapToObj(i -> "nats://127.0.0.1:" + routePorts[i])
                    .collect(Collectors.joining(","));
            command.addAll(List.of(
                    "--cluster_name",
                    "edgeway-test",
                    "--cluster",
                    "nats://127.0.0.1:" + routePorts[node],
                    "--routes",
                    routes));
        }
        try {
            nodes[node] = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(root.resolve("node-" + node + ".log").toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("nats-server did not start (apt-get install nats-server)", e);
        }
        int port = clientPorts[node];
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> accepts(port));
    }

    @Override
    public void close() {
        for (Process node : nodes) {
            if (node != null) {
                node.destroy();
            }
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int[] freePorts(int count) {
        int[] ports = new int[count];
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                held.add(socket);
                ports[i] = socket.getLocalPort();
            }
            for (ServerSocket socket : held) {
                socket.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ports;
    }
}
