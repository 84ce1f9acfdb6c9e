package dev.edgeway.storage.kv;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON of records at rest: what Edgeway writes into its buckets, streams and data files
 * (tasks, variable headers, pipeline definitions and runs, call statuses, schedule ledgers,
 * queued calls, deployed functions). One dialect for all of them, so a record written by a
 * newer gateway, with fields this one does not know, still reads: unknown fields are ignored.
 * It does not depend on how the application configures Jackson, since stored bytes must not
 * change with a setting. Wire formats have mappers of their own (the storage API's, OpenFaaS's).
 */
public final class StoredJson {

    /** The one mapper of records at rest; thread-safe, as every Jackson mapper. */
    public static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private StoredJson() {}
}
