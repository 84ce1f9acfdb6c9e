package dev.edgeway.storage.web;

/**
 * The original sketch's answer to a write: {@code {"status": "created"}} or {@code {"status": "stored"}}.
 *
 * @param status what happened
 */
record StatusResponse(String status) {

    static final StatusResponse CREATED = new StatusResponse("created");
    static final StatusResponse STORED = new StatusResponse("stored");
}
