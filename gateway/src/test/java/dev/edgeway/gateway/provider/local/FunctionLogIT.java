package dev.edgeway.gateway.provider.local;

import static dev.edgeway.gateway.provider.local.TestFunctions.NS;
import static dev.edgeway.gateway.provider.local.TestFunctions.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.edgeway.gateway.provider.LogEntry;
import dev.edgeway.gateway.provider.LogRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.Disposable;

/** A function's log: the in-memory tail, filters, followers and the rotated file. */
@Timeout(30)
class FunctionLogIT {

    @TempDir
    Path dir;

    private FunctionLog log(int lines, long fileBytes) {
        return new FunctionLog("fn", NS, lines, new LogFile(dir.resolve("fn.log"), fileBytes));
    }

    private static List<String> texts(FunctionLog log, @Nullable String instance, long tail, @Nullable Instant since) {
        return log.read(new LogRequest("fn", NS, instance, tail, false, since))
                .map(LogEntry::text)
                .collectList()
                .block(WAIT);
    }

    @Test
    void keepsTheLastLinesAndReturnsTheRequestedTail() {
        FunctionLog log = log(3, 1024 * 1024);
        for (int i = 1; i <= 5; i++) {
            log.append("fn", "line " + i);
        }

        assertThat(texts(log, null, -1, null)).containsExactly("line 3\n", "line 4\n", "line 5\n");
        assertThat(texts(log, null, 2, null)).containsExactly("line 4\n", "line 5\n");
        assertThat(texts(log, null, 0, null)).isEmpty();
    }

    @Test
    void filtersByInstanceAndTime() {
        FunctionLog log = log(10, 1024 * 1024);
        log.append("fn-0", "zero");
        log.append("fn-1", "one");
        Instant since = Instant.now().plusMillis(1);
        await().until(() -> Instant.now().isAfter(since));
        log.append("fn-0", "later");

        assertThat(texts(log, "fn-0", -1, null)).containsExactly("zero\n", "later\n");
        assertThat(texts(log, null, -1, since)).containsExactly("later\n");
        assertThat(texts(log, "", -1, null)).hasSize(3);
    }

    @Test
    void followersGetTheTailThenEveryNewLineOnce() {
        FunctionLog log = log(10, 1024 * 1024);
        log.append("fn", "before");
        List<String> seen = new CopyOnWriteArrayList<>();
        Disposable follower = log.read(new LogRequest("fn", NS, null, 1, true, null))
                .map(LogEntry::text)
                .subscribe(seen::add);

        log.append("fn", "after");

        await().atMost(WAIT).until(() -> seen.size() == 2);
        assertThat(seen).containsExactly("before\n", "after\n");
        follower.dispose();
        log.append("fn", "unseen");
        assertThat(seen).hasSize(2);
    }

    @Test
    void endsFollowersWhenClosed() {
        FunctionLog log = log(10, 1024 * 1024);
        List<String> seen = new CopyOnWriteArrayList<>();
        var done = new java.util.concurrent.atomic.AtomicBoolean();
        log.read(new LogRequest("fn", NS, null, -1, true, null))
                .doOnComplete(() -> done.set(true))
                .subscribe(e -> seen.add(e.text()));

        log.close();

        await().atMost(WAIT).untilTrue(done);
    }

    @Test
    void writesEveryLineToAFileRotatedAtItsLimit() throws Exception {
        FunctionLog log = log(10, 200);
        for (int i = 0; i < 10; i++) {
            log.append("fn-0", "line number " + i);
        }

        Path file = dir.resolve("fn.log");
        Path rotated = dir.resolve("fn.log.1");
        assertThat(Files.size(file)).isLessThanOrEqualTo(200);
        assertThat(rotated).exists();
        assertThat(Files.readString(file)).endsWith(" fn-0 line number 9\n");
        assertThat(Files.readString(rotated) + Files.readString(file)).contains("line number 5");
    }
}
