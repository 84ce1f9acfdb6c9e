package dev.edgeway.kafka.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

class KafkaEnvironmentAliasesTest {

    @ParameterizedTest
    @CsvSource({
        "kafka_brokers,  b:9092,      edgeway.kafka.bootstrap-servers, b:9092",
        "broker_hosts,   c:9092,      edgeway.kafka.bootstrap-servers, c:9092",
        "kafka_topics,   'a,b',       edgeway.kafka.topics,            'a,b'",
        "topics,         orders,      edgeway.kafka.topics,            orders",
        "kafka_group_id, edge-group,  edgeway.kafka.group-id,          edge-group",
        "kafka_username, edge,        edgeway.kafka.sasl.username,     edge",
        "kafka_password, s3cret,      edgeway.kafka.sasl.password,     s3cret",
        "kafka_use_sasl, true,        edgeway.kafka.sasl.enabled,      true",
        "kafka_use_sasl, yes,         edgeway.kafka.sasl.enabled,      false",
    })
    void honoursTheOriginalAndConnectorNames(String alias, String value, String property, String expected) {
        MockEnvironment environment = new MockEnvironment().withProperty(alias, value);

        new KafkaEnvironmentAliases().postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty(property)).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void letsAnExplicitPropertyWin() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("kafka_brokers", "alias:9092")
                .withProperty("edgeway.kafka.bootstrap-servers", "explicit:9092");

        new KafkaEnvironmentAliases().postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("edgeway.kafka.bootstrap-servers")).isEqualTo("explicit:9092");
    }
}
