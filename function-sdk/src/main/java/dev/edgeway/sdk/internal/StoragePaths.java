package dev.edgeway.sdk.internal;

import org.jspecify.annotations.Nullable;

/** The paths of the state API under {@code /system/storage}, with every id percent-encoded. */
public final class StoragePaths {

    /** The API's root path. */
    public static final String ROOT = "/system/storage";

    private StoragePaths() {}

    /**
     * The collection of tasks.
     *
     * @return {@code /system/storage/tasks}
     */
    public static String tasks() {
        return ROOT + "/tasks";
    }

    /**
     * One task.
     *
     * @param taskId the task id
     * @return {@code /system/storage/tasks/{taskId}}
     */
    public static String task(String taskId) {
        return tasks() + "/" + PathSegments.encode(taskId);
    }

    /**
     * One variable.
     *
     * @param taskId the task id
     * @param name the variable name
     * @return {@code /system/storage/variables/{taskId}/{name}}
     */
    public static String variable(String taskId, String name) {
        return ROOT + "/variables/" + PathSegments.encode(taskId) + "/" + PathSegments.encode(name);
    }

    /**
     * One page of a task's variables.
     *
     * @param taskId the task id
     * @param limit the page size
     * @param after the last name of the previous page, or null for the first page
     * @return {@code /system/storage/variables/{taskId}?limit=..&after=..}
     */
    public static String variables(String taskId, int limit, @Nullable String after) {
        String path = ROOT + "/variables/" + PathSegments.encode(taskId) + "?limit=" + limit;
        return after == null ? path : path + "&after=" + PathSegments.encode(after);
    }

    /**
     * A binary write of one variable, its label and TTL in the query.
     *
     * @param taskId the task id
     * @param name the variable name
     * @param varType the label, or null for the server's default
     * @param ttl the TTL as the API reads it, or null for none
     * @return the path with its query
     */
    public static String binaryVariable(String taskId, String name, @Nullable String varType, @Nullable String ttl) {
        StringBuilder path = new StringBuilder(variable(taskId, name));
        char separator = '?';
        if (varType != null) {
            path.append(separator).append("var_type=").append(PathSegments.encode(varType));
            separator = '&';
        }
        if (ttl != null) {
            path.append(separator).append("ttl=").append(PathSegments.encode(ttl));
        }
        return path.toString();
    }
}
