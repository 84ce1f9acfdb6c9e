package dev.edgeway.storage.variable;

import dev.edgeway.storage.task.TaskId;

/** The task has no live variable of this name (never written, deleted or expired). */
public class VariableNotFoundException extends RuntimeException {

    private final TaskId taskId;
    private final VariableName name;

    public VariableNotFoundException(TaskId taskId, VariableName name) {
        super("var_name: \"" + name + "\" (expected: an existing variable of task \"" + taskId + "\")");
        this.taskId = taskId;
        this.name = name;
    }

    public TaskId taskId() {
        return taskId;
    }

    public VariableName name() {
        return name;
    }
}
