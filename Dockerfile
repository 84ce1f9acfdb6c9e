# syntax=docker/dockerfile:1
# Edgeway gateway image: docs/deploy.md. nats-server is not included: in Kubernetes NATS is its
# own workload (the chart's bundled StatefulSet or an external cluster, edgeway.nats.url).

FROM eclipse-temurin:21-jdk AS build
WORKDIR /src
# Poms first so the dependency layer is cached while only sources change.
COPY mvnw pom.xml ./
COPY .mvn .mvn
COPY dag-linearizer/pom.xml dag-linearizer/
COPY storage/pom.xml storage/
COPY kafka-trigger/pom.xml kafka-trigger/
COPY gateway/pom.xml gateway/
COPY function-sdk/pom.xml function-sdk/
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q -pl gateway -am dependency:go-offline -DexcludeReactor=true || true
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -pl gateway -am package -DskipTests -Dspotless.check.skip=true -Dcheckstyle.skip=true \
    && cp gateway/target/edgeway-gateway.jar /edgeway-gateway.jar

FROM eclipse-temurin:21-jre
# A fixed numeric non-root user, so Kubernetes' runAsNonRoot can verify it.
RUN groupadd --system --gid 10001 edgeway \
    && useradd --system --uid 10001 --gid 10001 --home-dir /var/lib/edgeway --shell /usr/sbin/nologin edgeway \
    && mkdir -p /var/lib/edgeway/data \
    && chown -R 10001:10001 /var/lib/edgeway
COPY --from=build /edgeway-gateway.jar /opt/edgeway/edgeway-gateway.jar
ENV EDGEWAY_DATA_DIR=/var/lib/edgeway/data \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75"
WORKDIR /var/lib/edgeway
USER 10001:10001
# 8080: functions, /system and the state API; 8082: /healthz and /metrics.
EXPOSE 8080 8082
ENTRYPOINT ["java", "-jar", "/opt/edgeway/edgeway-gateway.jar"]
