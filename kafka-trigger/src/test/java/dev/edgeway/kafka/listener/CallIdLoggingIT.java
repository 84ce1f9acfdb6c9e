package dev.edgeway.kafka.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import dev.edgeway.kafka.support.HttpFunctions;
import dev.edgeway.kafka.support.SharedBroker;
import dev.edgeway.kafka.support.Topics;
import dev.edgeway.kafka.support.TriggerIT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;

/** The call id is in the MDC ({@code callId}) of every line about a record: its call, its retries, its dead letter. */
@TriggerIT
class CallIdLoggingIT {

    @Autowired
    HttpFunctions functions;

    @Test
    void everyLineAboutARecordCarriesItsCallIdInTheMdc() {
        List<ILoggingEvent> lines = new CopyOnWriteArrayList<>();
        AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                event.prepareForDeferredProcessing();
                lines.add(event);
            }
        };
        Logger trigger = (Logger) LoggerFactory.getLogger("dev.edgeway.kafka");
        Level level = trigger.getLevel();
        appender.start();
        trigger.addAppender(appender);
        trigger.setLevel(Level.DEBUG);
        try {
            String name = "logged-" + UUID.randomUUID().toString().substring(0, 8);
            // Three attempts in TriggerIT: two retries, then the dead letter.
            functions.deploy(name, 503, 503, 503);
            Topics.send(
                    SharedBroker.ENVELOPES,
                    null,
                    ("{\"function_name\":\"" + name + "\",\"payload\":\"x\"}").getBytes(StandardCharsets.UTF_8));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> !functions.received(name).isEmpty());
            String callId = functions.received(name).getFirst().header("X-Call-Id");
            await().atMost(Duration.ofSeconds(30)).until(() -> about(lines, callId).stream()
                    .anyMatch(line -> line.getFormattedMessage().contains(".DLT")));

            List<ILoggingEvent> aboutRecord = about(lines, callId);
            assertThat(aboutRecord)
                    .filteredOn(line -> line.getFormattedMessage().contains("retrying"))
                    .hasSize(2);
            assertThat(aboutRecord)
                    .allSatisfy(line -> assertThat(line.getMDCPropertyMap()).containsEntry("callId", callId));
        } finally {
            trigger.detachAppender(appender);
            trigger.setLevel(level);
        }
    }

    private static List<ILoggingEvent> about(List<ILoggingEvent> lines, String callId) {
        return lines.stream()
                .filter(line -> line.getFormattedMessage().contains(callId + " ")
                        || line.getFormattedMessage().contains(callId + ":")
                        || line.getFormattedMessage().endsWith(callId))
                .toList();
    }
}
