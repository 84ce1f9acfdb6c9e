package dev.edgeway.storage.task;

/** A task with this id exists already. */
public class TaskExistsException extends RuntimeException {

    private final TaskId taskId;

    public TaskExistsException(TaskId taskId) {
        super("task_id: \"" + taskId + "\" (expected: an id no task has)");
        this.taskId = taskId;
    }

    public TaskId taskId() {
        return taskId;
    }
}
