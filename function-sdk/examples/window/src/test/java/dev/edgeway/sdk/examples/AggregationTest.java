package dev.edgeway.sdk.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AggregationTest {

    private static final double[] VALUES = {2, 4, 4, 4, 5, 5, 7, 9};

    @ParameterizedTest
    @CsvSource({"mean, 5", "sum, 40", "max, 9", "min, 2", "var, 4", "std, 2", "median, 4.5"})
    void aggregatesAsNumpyDoes(String name, double expected) {
        assertThat(Aggregation.parse(name).apply(VALUES)).isCloseTo(expected, within(1e-12));
    }

    @Test
    void medianOfAnOddCountIsTheMiddleValue() {
        assertThat(Aggregation.MEDIAN.apply(new double[] {9, 1, 5})).isEqualTo(5);
    }

    @Test
    void oneValueHasNoSpread() {
        assertThat(Aggregation.STD.apply(new double[] {3})).isZero();
        assertThat(Aggregation.VAR.apply(new double[] {3})).isZero();
    }

    @Test
    void refusesUnknownNamesAndEmptyWindows() {
        assertThatThrownBy(() -> Aggregation.parse("avg"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("aggregation: avg");
        assertThatThrownBy(() -> Aggregation.SUM.apply(new double[0])).isInstanceOf(IllegalArgumentException.class);
    }
}
