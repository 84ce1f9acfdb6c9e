#!/usr/bin/env bash
# ./edgeway kafka: a single-node KRaft broker (broker and controller in one process) for trying
# the Kafka trigger on one machine. Local use only: it listens on 127.0.0.1, without
# authentication, and keeps its data under data/kafka (the gateway's data directory), so topics
# and records survive a restart. Ctrl-C stops it.
#
# ./edgeway kafka produce TOPIC sends each line of standard input as a record, and
# ./edgeway kafka consume TOPIC prints the topic's records with keys and headers (scripts/KafkaConsole.java).
#
# Knobs (environment): EDGEWAY_KAFKA_PORT (9092), EDGEWAY_KAFKA_CONTROLLER_PORT (9093),
# EDGEWAY_KAFKA_DATA (data/kafka), EDGEWAY_KAFKA_JAVA_OPTS (-Xmx512m).
# The broker is Apache Kafka's own (kafka.Kafka), from the jars the module's tests use.
set -euo pipefail

PORT="${EDGEWAY_KAFKA_PORT:-9092}"
CONTROLLER_PORT="${EDGEWAY_KAFKA_CONTROLLER_PORT:-9093}"
DATA="$(mkdir -p "${EDGEWAY_KAFKA_DATA:-data/kafka}" && cd "${EDGEWAY_KAFKA_DATA:-data/kafka}" && pwd)"
CLASSPATH_FILE=kafka-trigger/target/kafka-broker.classpath

if [[ ! -s "$CLASSPATH_FILE" || kafka-trigger/pom.xml -nt "$CLASSPATH_FILE" || pom.xml -nt "$CLASSPATH_FILE" ]]; then
  echo "edgeway: resolving the Kafka broker's jars (the first time downloads them)" >&2
  mkdir -p kafka-trigger/target
  ./mvnw -q -B -pl kafka-trigger dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/kafka-broker.classpath
fi
CP="$(cat "$CLASSPATH_FILE")"

cat > "$DATA/logback.xml" <<'LOGBACK'
<configuration>
  <appender name="out" class="ch.qos.logback.core.ConsoleAppender">
    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{20} - %msg%n</pattern></encoder>
  </appender>
  <logger name="kafka.server.KafkaRaftServer" level="INFO"/>
  <!-- A first record to a new topic meets a leader not elected yet: retried, not worth a warning. -->
  <logger name="org.apache.kafka.clients" level="ERROR"/>
  <root level="WARN"><appender-ref ref="out"/></root>
</configuration>
LOGBACK

case "${1:-}" in
  produce|consume)
    [[ $# -eq 2 ]] || { echo "usage: ./edgeway kafka [produce TOPIC | consume TOPIC]" >&2; exit 2; }
    exec "$JAVA_HOME/bin/java" -Dlogback.configurationFile="$DATA/logback.xml" -cp "$CP" \
      scripts/KafkaConsole.java "127.0.0.1:$PORT" "$1" "$2"
    ;;
  "") ;;
  *) echo "usage: ./edgeway kafka [produce TOPIC | consume TOPIC]" >&2; exit 2 ;;
esac

cat > "$DATA/server.properties" <<PROPERTIES
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:$CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$PORT,CONTROLLER://127.0.0.1:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$DATA/logs
num.partitions=2
auto.create.topics.enable=true
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
PROPERTIES


java_run() {
  "$JAVA_HOME/bin/java" ${EDGEWAY_KAFKA_JAVA_OPTS:--Xmx512m} -Dlogback.configurationFile="$DATA/logback.xml" \
    -cp "$CP" "$@"
}

if [[ ! -f "$DATA/logs/meta.properties" ]]; then
  cluster_id=$(java_run kafka.tools.StorageTool random-uuid | tail -n 1)
  # One controller that is its own quorum (KIP-853), as Kafka's quickstart formats it.
  java_run kafka.tools.StorageTool format --standalone -t "$cluster_id" -c "$DATA/server.properties" >&2
fi
echo "edgeway: Kafka broker on 127.0.0.1:$PORT, data under $DATA (Ctrl-C stops it)" >&2
exec "$JAVA_HOME/bin/java" ${EDGEWAY_KAFKA_JAVA_OPTS:--Xmx512m} -Dlogback.configurationFile="$DATA/logback.xml" \
  -cp "$CP" kafka.Kafka "$DATA/server.properties"
