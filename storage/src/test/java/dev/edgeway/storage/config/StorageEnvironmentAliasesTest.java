package dev.edgeway.storage.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

class StorageEnvironmentAliasesTest {

    @Test
    void mapsTheOpenFaasNatsAddressAndPortToTheNatsUrl() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("faas_nats_address", "nats.openfaas")
                .withProperty("faas_nats_port", "4223");

        new StorageEnvironmentAliases().postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("edgeway.nats.url")).isEqualTo("nats://nats.openfaas:4223");
    }

    @Test
    void defaultsThePortTo4222() {
        MockEnvironment environment = new MockEnvironment().withProperty("faas_nats_address", "nats");

        new StorageEnvironmentAliases().postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("edgeway.nats.url")).isEqualTo("nats://nats:4222");
    }

    @Test
    void letsAnExplicitUrlWin() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("faas_nats_address", "nats")
                .withProperty("edgeway.nats.url", "nats://elsewhere:4222");

        new StorageEnvironmentAliases().postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("edgeway.nats.url")).isEqualTo("nats://elsewhere:4222");
    }

    @Test
    void addsNothingWithoutAnAddress() {
        MockEnvironment environment = new MockEnvironment().withProperty("faas_nats_port", "4222");

        new StorageEnvironmentAliases().postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getPropertySources().contains(StorageEnvironmentAliases.SOURCE_NAME))
                .isFalse();
    }
}
