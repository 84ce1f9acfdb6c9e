package dev.edgeway.gateway.provider.local;

/**
 * Signals a function process together with its children. A function started through a script
 * ({@code sh handler.sh}) often runs the real work in a child that holds the same stdout, so
 * signalling only the parent would leave the pipe open and the call hanging.
 */
final class ProcessTree {

    private ProcessTree() {}

    /** SIGTERM to the children, then to the process: a chance to shut down cleanly. */
    static void terminate(ProcessHandle process) {
        // Children first: once the parent is gone they are re-parented and no longer found.
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
    }

    /** SIGKILL to the children, then to the process. */
    static void kill(ProcessHandle process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
