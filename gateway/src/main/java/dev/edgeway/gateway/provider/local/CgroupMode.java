package dev.edgeway.gateway.provider.local;

/** Whether local functions' limits are enforced with cgroups ({@code edgeway.gateway.local.cgroups}). */
public enum CgroupMode {
    /** cgroups where the gateway may create them; otherwise one warning at start and rlimits. */
    AUTO,
    /** cgroups, or the gateway does not start. */
    REQUIRED,
    /** Never cgroups: memory through rlimits, CPU and pids not enforced. */
    OFF
}
