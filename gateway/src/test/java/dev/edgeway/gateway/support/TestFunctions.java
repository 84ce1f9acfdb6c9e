package dev.edgeway.gateway.support;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.Objects;

/** Deployment bodies for the test functions under {@code src/test/resources/functions}. */
public final class TestFunctions {

    private TestFunctions() {}

    /** The absolute path of a test function script. */
    public static Path script(String name) {
        URL url = Objects.requireNonNull(TestFunctions.class.getResource("/functions/" + name), name);
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An HTTP-mode deployment of the echo server (see {@code echo_server.py}). */
    public static String echoServer(String service, String extraLabels) {
        return """
                {"service":"%s","image":"ghcr.io/example/echo:1.0","envProcess":"python3 %s",
                 "envVars":{"mode":"http"},"labels":{%s},"annotations":{"topic":"t1"}}""".formatted(service, script("echo_server.py"), extraLabels);
    }

    /** A classic (fork per request) deployment of a command line. */
    public static String classic(String service, String envProcess) {
        return """
                {"service":"%s","image":"local","envProcess":"%s"}""".formatted(service, envProcess);
    }

    /** A classic deployment of a command line with environment variables, e.g. {@code "combine_output":"false"}. */
    public static String classic(String service, String envProcess, String envVarsJson) {
        return """
                {"service":"%s","image":"local","envProcess":"%s","envVars":%s}""".formatted(service, envProcess, envVarsJson);
    }
}
