package dev.edgeway.storage.task;

/** There is no task with this id. */
public class TaskNotFoundException extends RuntimeException {

    private final TaskId taskId;

    public TaskNotFoundException(TaskId taskId) {
        super("task_id: \"" + taskId + "\" (expected: an existing task)");
        this.taskId = taskId;
    }

    public TaskId taskId() {
        return taskId;
    }
}
