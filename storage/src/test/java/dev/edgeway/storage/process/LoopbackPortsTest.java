package dev.edgeway.storage.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Schedulers;

class LoopbackPortsTest {

    @Test
    void answersTrueOnceThePortAcceptsConnections() throws Exception {
        int port = LoopbackPorts.free();
        try (ServerSocket listening = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertThat(LoopbackPorts.awaitListening(
                                    port, Duration.ofSeconds(10), () -> true, Schedulers.boundedElastic())
                            .block())
                    .isTrue();
        }
    }

    @Test
    void keepsProbingUntilThePortStartsListening() throws Exception {
        int port = LoopbackPorts.free();
        AtomicReference<ServerSocket> listening = new AtomicReference<>();
        Schedulers.boundedElastic()
                .schedule(
                        () -> {
                            try {
                                listening.set(new ServerSocket(port, 1, InetAddress.getLoopbackAddress()));
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        },
                        300,
                        TimeUnit.MILLISECONDS);
        try {
            assertThat(LoopbackPorts.awaitListening(
                                    port, Duration.ofSeconds(30), () -> true, Schedulers.boundedElastic())
                            .block())
                    .isTrue();
        } finally {
            if (listening.get() != null) {
                listening.get().close();
            }
        }
    }

    @Test
    void answersFalseWhenTheProcessDiesBeforeItListens() throws Exception {
        int port = LoopbackPorts.free();
        AtomicBoolean alive = new AtomicBoolean(true);
        Schedulers.boundedElastic().schedule(() -> alive.set(false), 100, TimeUnit.MILLISECONDS);

        assertThat(LoopbackPorts.awaitListening(port, Duration.ofSeconds(30), alive::get, Schedulers.boundedElastic())
                        .block())
                .isFalse();
    }

    @Test
    void failsWithATimeoutWhenNothingListensInTime() throws Exception {
        int port = LoopbackPorts.free();

        assertThatThrownBy(() -> LoopbackPorts.awaitListening(
                                port, Duration.ofMillis(200), () -> true, Schedulers.boundedElastic())
                        .block())
                .hasCauseInstanceOf(TimeoutException.class);
    }
}
