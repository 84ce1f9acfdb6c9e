package dev.edgeway.storage.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeyTokenTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "task-1", "run_2026-11-22", "ABC_def-123", "5f0c7a3e-2b1d-4c6a-9e8f-0a1b2c3d4e5f"})
    void acceptsTheDocumentedAlphabet(String value) {
        assertThat(KeyToken.require("task_id", value)).isEqualTo(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a.b", "a b", "a*", "a>", "tab\t", "ü", "a/b", "a=b", "a:b"})
    void rejectsEverythingThatIsNoSafeNatsToken(String value) {
        assertThatThrownBy(() -> KeyToken.require("var_name", value))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("var_name: \"" + value + "\" (expected: 1 to 128 characters from A-Z a-z 0-9 _ -)");
    }

    @Test
    void limitsTheLength() {
        assertThat(KeyToken.require("task_id", "x".repeat(128))).hasSize(128);
        assertThatThrownBy(() -> KeyToken.require("task_id", "x".repeat(129)))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void rejectsNullAsMissing() {
        assertThatThrownBy(() -> KeyToken.require("task_id", null))
                .hasMessage("task_id: null (expected: " + KeyToken.RULE + ")");
    }
}
