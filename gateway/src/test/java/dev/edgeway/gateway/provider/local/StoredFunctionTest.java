package dev.edgeway.gateway.provider.local;

import static dev.edgeway.gateway.provider.local.TestFunctions.deployment;
import static org.assertj.core.api.Assertions.assertThat;

import dev.edgeway.gateway.provider.FunctionStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StoredFunctionTest {

    @ParameterizedTest
    @CsvSource({"0,0", "3,3", "-1,1", "two,1", "' 2 ',2"})
    void startsWithTheMinimumScaleLabelWhenItIsANonNegativeNumber(String label, long expected) {
        var deployment = deployment("fn", "cat", Map.of(), Map.of(StoredFunction.MIN_SCALE, label), List.of());

        assertThat(StoredFunction.initialReplicas(deployment, 1)).isEqualTo(expected);
    }

    @Test
    void startsWithTheFallbackWithoutALabel() {
        assertThat(StoredFunction.initialReplicas(deployment("fn", "cat"), 1)).isEqualTo(1);
    }

    @Test
    void showsTheFunctionLabelAndNeverMoreAvailableThanDesired() {
        Instant created = Instant.parse("2024-05-01T10:00:00Z");
        var stored = new StoredFunction(deployment("fn", "cat", Map.of(), Map.of("team", "a"), List.of()), created, 2);

        FunctionStatus status = stored.status(5);

        assertThat(status.labels()).containsEntry("faas_function", "fn").containsEntry("team", "a");
        assertThat(status.annotations()).containsEntry("topic", "orders");
        assertThat(status.replicas()).isEqualTo(2);
        assertThat(status.availableReplicas()).isEqualTo(2);
        assertThat(status.createdAt()).isEqualTo(created);
        assertThat(status.image()).isEqualTo("ghcr.io/openfaas/alpine:latest");
        assertThat(status.envProcess()).isEqualTo("cat");
    }
}
