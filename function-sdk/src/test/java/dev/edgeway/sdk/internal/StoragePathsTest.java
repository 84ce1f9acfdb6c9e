package dev.edgeway.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StoragePathsTest {

    @Test
    void buildsEveryPathOfTheApi() {
        assertThat(StoragePaths.tasks()).isEqualTo("/system/storage/tasks");
        assertThat(StoragePaths.task("t 1")).isEqualTo("/system/storage/tasks/t%201");
        assertThat(StoragePaths.variable("t", "v")).isEqualTo("/system/storage/variables/t/v");
        assertThat(StoragePaths.variables("t", 50, null)).isEqualTo("/system/storage/variables/t?limit=50");
        assertThat(StoragePaths.variables("t", 50, "a-b")).isEqualTo("/system/storage/variables/t?limit=50&after=a-b");
    }

    @Test
    void putsBinaryLabelAndTtlInTheQuery() {
        assertThat(StoragePaths.binaryVariable("t", "v", null, null)).isEqualTo("/system/storage/variables/t/v");
        assertThat(StoragePaths.binaryVariable("t", "v", null, "PT1H"))
                .isEqualTo("/system/storage/variables/t/v?ttl=PT1H");
        assertThat(StoragePaths.binaryVariable("t", "v", "np array", "PT0.5S"))
                .isEqualTo("/system/storage/variables/t/v?var_type=np%20array&ttl=PT0%2E5S");
    }
}
