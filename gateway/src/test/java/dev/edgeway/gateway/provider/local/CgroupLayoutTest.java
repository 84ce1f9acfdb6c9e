package dev.edgeway.gateway.provider.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finding the hierarchy from a mount table and a membership file, and the files a cgroup's
 * limits are written to, on a directory tree laid out as the kernel lays out cgroupfs (where
 * the kernel is not: these files are plain files, so v2 is checked on a v1 machine too).
 */
class CgroupLayoutTest {

    @TempDir
    Path dir;

    @Test
    void findsEachV1ControllerBelowTheGatewaysOwnCgroup() throws IOException {
        for (String controller : CgroupLayout.CONTROLLERS) {
            Files.createDirectories(dir.resolve(controller).resolve("svc"));
        }
        Path mounts = file("mounts", """
                cgroup %1$s/cpu cgroup rw,relatime,cpu 0 0
                cgroup %1$s/cpuacct cgroup rw,relatime,cpuacct 0 0
                cgroup %1$s/memory cgroup rw,relatime,memory 0 0
                cgroup %1$s/pids cgroup rw,relatime,pids 0 0
                cgroup2 %1$s/unified cgroup2 rw 0 0
                """.formatted(dir));
        Path membership = file("cgroup", "4:memory:/svc\n3:pids:/svc\n2:cpuacct:/svc\n1:cpu:/svc\n0::/\n");

        CgroupLayout layout = CgroupLayout.detect("edgeway-abc", mounts, membership);

        assertThat(layout.describe()).isEqualTo("cgroup-v1");
        assertThat(layout.parents().get("memory")).isEqualTo(dir.resolve("memory/svc/edgeway-abc"));
        assertThat(layout.parents().get("cpu")).isEqualTo(dir.resolve("cpu/svc/edgeway-abc"));
    }

    @Test
    void writesV2LimitsUnderOneParentWithItsControllersEnabled() throws IOException {
        Path root = dir.resolve("cgroup2");
        Files.createDirectories(root.resolve("svc"));
        Files.writeString(root.resolve("cgroup.controllers"), "cpuset cpu io memory pids\n");
        Files.writeString(root.resolve("svc/cgroup.controllers"), "cpu memory pids\n");
        Path mounts = file("mounts", "cgroup2 " + root + " cgroup2 rw,nsdelegate 0 0\n");
        Path membership = file("cgroup", "0::/svc\n");
        Files.createDirectories(root.resolve("svc/edgeway-abc-2"));
        Files.createDirectories(root.resolve("svc/edgeway-abc-1-gateway"));
        CgroupLayout layout = CgroupLayout.detect("edgeway-abc-1", mounts, membership);
        assertThat(layout.prepare(name -> name.equals("edgeway-abc-2"))).isEmpty();

        Cgroup cgroup = Cgroups.of(layout, 64).create("fn.ns", "call", new ResourceLimits(128L << 20, 500L));

        Path parent = root.resolve("svc/edgeway-abc-1");
        Path leaf = parent.resolve("fn.ns/call-1");
        assertThat(layout.describe()).isEqualTo("cgroup-v2");
        assertThat(root.resolve("svc/edgeway-abc-2"))
                .as("a dead run's leftover")
                .doesNotExist();
        assertThat(root.resolve("svc/edgeway-abc-1-gateway"))
                .as("not named a leftover")
                .isDirectory();
        assertThat(parent.resolve("cpu.weight"))
                .hasContent(
                        Integer.toString(Math.min(10_000, Runtime.getRuntime().availableProcessors() * 100)));
        assertThat(root.resolve("svc/cgroup.subtree_control")).hasContent("+cpu +memory +pids");
        assertThat(parent.resolve("cgroup.subtree_control")).hasContent("+cpu +memory +pids");
        assertThat(parent.resolve("fn.ns/cgroup.subtree_control")).hasContent("+cpu +memory +pids");
        assertThat(leaf.resolve("memory.max")).hasContent(Long.toString(128L << 20));
        assertThat(leaf.resolve("cpu.max")).hasContent("50000 100000");
        assertThat(leaf.resolve("pids.max")).hasContent("64");
        assertThat(cgroup.join(List.of("cat")))
                .containsSubsequence(
                        "/bin/sh", "1", leaf.resolve("cgroup.procs").toString(), "cat");
    }

    @Test
    void refusesAV2HierarchyWithoutTheControllersItNeeds() throws IOException {
        Path root = dir.resolve("cgroup2");
        Files.createDirectories(root);
        Files.writeString(root.resolve("cgroup.controllers"), "hugetlb\n");
        Path mounts = file("mounts", "cgroup2 " + root + " cgroup2 rw 0 0\n");

        assertThatThrownBy(() -> CgroupLayout.detect("edgeway-abc", mounts, file("cgroup", "0::/\n")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("not cpu, memory and pids");
    }

    private Path file(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }
}
