package dev.edgeway.sdk.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class WindowsTest {

    /** Values 1..6 at t = 0..5. */
    private static final List<Point> SERIES =
            IntStream.range(0, 6).mapToObj(t -> new Point(t, t + 1)).toList();

    private static final List<Aggregation> SUM = List.of(Aggregation.SUM);

    private static List<List<Double>> values(List<Window> windows) {
        return windows.stream().map(Window::values).toList();
    }

    @Test
    void tumblingWindowsAreBackToBack() {
        List<Window> windows = Windows.compute(SERIES, new WindowSpec("tumbling", 2, 0, 0), SUM);

        assertThat(values(windows)).containsExactly(List.of(1.0, 2.0), List.of(3.0, 4.0), List.of(5.0, 6.0));
        assertThat(windows).extracting(Window::start).containsExactly(0.0, 2.0, 4.0);
        assertThat(windows).extracting(w -> w.aggregates().get("sum")).containsExactly(3.0, 7.0, 11.0);
    }

    @Test
    void hoppingWindowsOverlapWhenTheHopIsShorter() {
        List<Window> windows = Windows.compute(SERIES, new WindowSpec("hopping", 4, 2, 0), SUM);

        assertThat(windows).extracting(Window::start).containsExactly(-2.0, 0.0, 2.0, 4.0);
        assertThat(values(windows))
                .containsExactly(
                        List.of(1.0, 2.0), List.of(1.0, 2.0, 3.0, 4.0), List.of(3.0, 4.0, 5.0, 6.0), List.of(5.0, 6.0));
    }

    @Test
    void hoppingWindowsLeaveGapsWhenTheHopIsLonger() {
        List<Window> windows = Windows.compute(SERIES, new WindowSpec("hopping", 1, 3, 0), SUM);

        assertThat(values(windows)).containsExactly(List.of(1.0), List.of(4.0));
    }

    @Test
    void slidingWindowsEndAtEveryPoint() {
        List<Window> windows = Windows.compute(SERIES, new WindowSpec("sliding", 3, 0, 0), List.of(Aggregation.MEAN));

        assertThat(values(windows))
                .containsExactly(
                        List.of(1.0),
                        List.of(1.0, 2.0),
                        List.of(1.0, 2.0, 3.0),
                        List.of(2.0, 3.0, 4.0),
                        List.of(3.0, 4.0, 5.0),
                        List.of(4.0, 5.0, 6.0));
        assertThat(windows).extracting(w -> w.aggregates().get("mean")).containsExactly(1.0, 1.5, 2.0, 3.0, 4.0, 5.0);
    }

    @Test
    void sessionsSplitWhereTheGapIsWider() {
        List<Point> bursts =
                List.of(new Point(0, 1), new Point(1, 2), new Point(10, 3), new Point(10.5, 4), new Point(30, 5));

        List<Window> windows = Windows.compute(bursts, new WindowSpec("session", 0, 0, 2), SUM);

        assertThat(values(windows)).containsExactly(List.of(1.0, 2.0), List.of(3.0, 4.0), List.of(5.0));
        assertThat(windows).extracting(Window::start).containsExactly(0.0, 10.0, 30.0);
        assertThat(windows).extracting(Window::end).containsExactly(1.0, 10.5, 30.0);
    }

    @Test
    void pointsMayArriveOutOfOrder() {
        List<Point> shuffled = List.of(new Point(3, 4), new Point(0, 1), new Point(2, 3), new Point(1, 2));

        List<Window> windows = Windows.compute(shuffled, new WindowSpec("tumbling", 2, 0, 0), SUM);

        assertThat(values(windows)).containsExactly(List.of(1.0, 2.0), List.of(3.0, 4.0));
    }

    @Test
    void computesEveryAggregationInTheOrderAsked() {
        List<Window> windows = Windows.compute(
                SERIES,
                new WindowSpec("tumbling", 6, 0, 0),
                List.of(Aggregation.MEDIAN, Aggregation.MAX, Aggregation.STD));

        assertThat(windows.get(0).aggregates()).containsOnlyKeys("median", "max", "std");
        assertThat(windows.get(0).aggregates().keySet()).containsExactly("median", "max", "std");
        assertThat(windows.get(0).aggregates().get("median")).isEqualTo(3.5);
    }

    @Test
    void anEmptySeriesHasNoWindows() {
        assertThat(Windows.compute(List.of(), new WindowSpec("sliding", 1, 0, 0), SUM))
                .isEmpty();
    }

    @Test
    void refusesSpecsWithoutTheirParameters() {
        assertThatThrownBy(() -> new WindowSpec("hopping", 4, 0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("window.hop: 0.0 (expected: > 0)");
        assertThatThrownBy(() -> new WindowSpec("rolling", 4, 0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("window.type: rolling");
    }

    @Test
    void refusesSeriesThatWouldMakeTooManyWindows() {
        List<Point> wide = List.of(new Point(0, 1), new Point(1e9, 2));

        assertThatThrownBy(() -> Windows.compute(wide, new WindowSpec("tumbling", 1, 0, 0), SUM))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 100000 windows");
    }
}
