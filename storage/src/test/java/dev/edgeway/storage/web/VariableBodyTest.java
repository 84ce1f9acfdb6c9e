package dev.edgeway.storage.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgeway.storage.task.InvalidInputException;
import dev.edgeway.storage.variable.ValueFormat;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VariableBodyTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"a\": [1, 2.50, {\"b\": null}]}",
                "[ ]",
                "\"text \\u00fc \\\"q\\\"\"",
                "-1.5e10",
                "true",
                "null"
            })
    void keepsTheJsonTextOfTheValue(String value) {
        VariableBody body = parse("{\"task_id\":\"t\",\"var_name\":\"v\",\"value\":" + value + ",\"ttl\":\"1h\"}");

        assertThat(body.taskId()).isEqualTo("t");
        assertThat(body.varName()).isEqualTo("v");
        assertThat(body.ttl()).isEqualTo("1h");
        assertThat(body.format()).isEqualTo(ValueFormat.JSON);
        String stored = new String(body.value(), StandardCharsets.UTF_8);
        if (value.startsWith("{") || value.startsWith("[")) {
            assertThat(stored).isEqualTo(value);
        } else {
            assertThat(StorageJson.MAPPER.readTree(stored)).isEqualTo(StorageJson.MAPPER.readTree(value));
        }
    }

    @Test
    void readsANumericTtlAsItsText() {
        assertThat(parse("{\"value\":1,\"ttl\":3600}").ttl()).isEqualTo("3600");
    }

    @Test
    void decodesBase64ForBinaryValues() {
        VariableBody body = parse("{\"format\":\"binary\",\"value\":\"AAH/\"}");

        assertThat(body.format()).isEqualTo(ValueFormat.BINARY);
        assertThat(body.value()).containsExactly(0, 1, 0xff);
    }

    @Test
    void refusesBinaryValuesThatAreNoBase64String() {
        assertThatThrownBy(() -> parse("{\"format\":\"binary\",\"value\":[1]}"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("value: ");
        assertThatThrownBy(() -> parse("{\"format\":\"binary\",\"value\":\"not base64!\"}"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("base64");
    }

    @Test
    void refusesUnknownFieldsWrongTypesAndMissingValues() {
        assertThatThrownBy(() -> parse("{\"value\":1,\"extra\":{}}"))
                .hasMessage("extra: unknown field (expected: one of format, task_id, ttl, value, var_name, var_type)");
        assertThatThrownBy(() -> parse("{\"value\":1,\"var_name\":[\"v\"]}"))
                .hasMessage("var_name: \"[...] (array)\" (expected: a string)");
        assertThatThrownBy(() -> parse("{\"var_name\":\"v\"}")).hasMessage("value: missing (expected: any JSON value)");
        assertThatThrownBy(() -> parse("{\"value\":1,\"format\":\"xml\"}"))
                .hasMessage("format: \"xml\" (expected: json or binary)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "{\"value\":1", "{\"value\":[1,}", "{\"value\":1}x", "{\"value\":1,\"value\":2}"})
    void reportsMalformedJson(String json) {
        assertThatThrownBy(() -> parse(json))
                .isInstanceOf(StorageRequestException.class)
                .satisfies(e -> assertThat(((StorageRequestException) e).type()).isEqualTo(ProblemType.MALFORMED_JSON));
    }

    private static VariableBody parse(String json) {
        return VariableBody.parse(json.getBytes(StandardCharsets.UTF_8));
    }
}
