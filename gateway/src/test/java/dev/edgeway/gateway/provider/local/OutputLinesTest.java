package dev.edgeway.gateway.provider.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutputLinesTest {

    @Test
    void splitsLinesAndKeepsTheLastUnterminatedOne() {
        assertThat(lines("one\r\ntwo\n\nthree")).containsExactly("one", "two", "", "three");
    }

    @Test
    void cutsLinesLongerThanTheLimit() {
        String longLine = "x".repeat(OutputLines.MAX_LINE * 2 + 5);

        assertThat(lines(longLine + "\nend\n"))
                .extracting(String::length)
                .containsExactly(OutputLines.MAX_LINE, OutputLines.MAX_LINE, 5, 3);
    }

    private static List<String> lines(String text) {
        List<String> lines = new ArrayList<>();
        OutputLines.pump(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), lines::add);
        return lines;
    }
}
