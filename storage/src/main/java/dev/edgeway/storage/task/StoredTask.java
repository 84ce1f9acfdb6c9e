package dev.edgeway.storage.task;

import java.util.Objects;

/**
 * A task with the revision of its metadata entry, which the API shows as {@code ETag}.
 *
 * @param task the metadata
 * @param revision the key-value revision it was read or written at
 */
public record StoredTask(Task task, long revision) {

    public StoredTask {
        Objects.requireNonNull(task, "task");
    }
}
