package dev.edgeway.gateway.provider.local;

/** Whether local functions run in a bubblewrap sandbox ({@code edgeway.gateway.local.sandbox}). */
public enum SandboxMode {
    /** Sandboxed where bubblewrap can run; otherwise one warning at start and unsandboxed. */
    AUTO,
    /** Sandboxed, or the gateway does not start. */
    REQUIRED,
    /** Never sandboxed: every function sees the file system as the gateway's user does. */
    OFF
}
