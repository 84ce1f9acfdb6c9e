package dev.edgeway.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.edgeway.gateway.auth.BasicAuthCredentials;
import dev.edgeway.gateway.support.GatewayIT;
import dev.edgeway.gateway.support.RawConnection;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/** A client that goes away in the middle of its request is routine: one debug line, no ERROR. */
@GatewayIT
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
class ClientDisconnectIT {

    private static final List<String> LOGGERS = List.of("dev.edgeway.gateway.error.OpenFaasErrorHandler");

    @Autowired
    BasicAuthCredentials credentials;

    @LocalServerPort
    int port;

    LoggingSystem logging;

    @BeforeAll
    void logAtDebug() {
        logging = LoggingSystem.get(getClass().getClassLoader());
        LOGGERS.forEach(name -> logging.setLogLevel(name, LogLevel.DEBUG));
    }

    @AfterAll
    void restore() {
        LOGGERS.forEach(name -> logging.setLogLevel(name, null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/pipeline/none", "/system/functions"})
    void logsAClientThatLeavesMidBodyOnceAtDebug(String path, CapturedOutput output) {
        int before = output.getAll().length();
        try (RawConnection connection = RawConnection.connect(port, Duration.ofSeconds(10))) {
            connection.send("POST " + path + " HTTP/1.1\r\nHost: x\r\nAuthorization: " + credentials.header()
                    + "\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"a\"");
        }

        await().atMost(Duration.ofSeconds(20))
                .until(() -> output.getAll().substring(before).contains(path + ": the client went away"));
        assertThat(output.getAll().substring(before)).doesNotContain(" ERROR ").doesNotContain("500 Server Error");
    }
}
