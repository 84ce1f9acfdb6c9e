package dev.edgeway.dag.run;

import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON a step is given: its input, assembled from the outputs of its parents, and its config
 * in a header. Numbers keep their precision ({@code BigDecimal}), an output is JSON only if it is
 * one value with nothing after it, and the header form escapes non-ASCII, since header values
 * are ASCII.
 */
final class StepJson {

    /** The body: a step's input, read from and written as JSON as exactly as its parents wrote it. */
    static final JsonMapper BODY = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    /** A header value: the body's dialect, written in ASCII. */
    static final JsonMapper HEADER =
            BODY.rebuild().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    private StepJson() {}
}
