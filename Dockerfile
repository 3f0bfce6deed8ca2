# syntax=docker/dockerfile:1

# Build stage: the Maven wrapper. The POM and wrapper are copied first, so the dependency download
# is its own layer, rebuilt only when pom.xml changes; the cache mount keeps ~/.m2 across builds too.
FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
COPY mvnw pom.xml ./
COPY .mvn .mvn
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q dependency:go-offline
COPY src src
# .git is not in the build context (.dockerignore), so /actuator/info shows the build but no commit.
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q -DskipTests package \
 && java -Djarmode=tools -jar target/kvserver-*.jar extract --layers --launcher --destination /layers

# Run stage: a JRE 25 image, Spring Boot's layers (dependencies change less often than our code), non-root.
FROM eclipse-temurin:25-jre
RUN groupadd --system kvserver && useradd --system --gid kvserver --no-create-home kvserver \
 && mkdir /data && chown kvserver:kvserver /data
WORKDIR /app
COPY --from=build /layers/dependencies/ ./
COPY --from=build /layers/spring-boot-loader/ ./
COPY --from=build /layers/snapshot-dependencies/ ./
COPY --from=build /layers/application/ ./
USER kvserver
# RESP, and HTTP for Actuator (health, info, metrics, prometheus)
EXPOSE 6379 8080
# Container-aware JVM: heap sized from the container's memory limit (the JVM reads cgroup limits and
# CPU quota itself), and a clean exit on OutOfMemoryError so the restart policy takes over. Then
# kvserver's JVM flags, the same as pom.xml's kvserver.jvm.flags (docs/performance.md, "JVM flags").
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -XX:+UseG1GC -XX:+UseTransparentHugePages -XX:+UseCompactObjectHeaders"
# In a container the clients come through the container's network, never from its loopback: listen
# on every interface. Protected mode still refuses them while the default user has no password, so
# set one (KVSERVER_REQUIREPASS, as docker-compose.yml does from .env) or turn it off knowingly.
ENV KVSERVER_BIND="* -::*"
# The image has no curl: bash's /dev/tcp asks Actuator's health endpoint, which answers 200 only
# when every indicator, the RESP listener's included, is UP (503 otherwise). If you move Actuator
# with MANAGEMENT_SERVER_PORT, set HEALTH_PORT to the same port.
ENV HEALTH_PORT=8080
# The dump and the append-only directory (dir/appendonlydir) live in a volume, so they outlive the
# container; docker stop's SIGTERM flushes the AOF and saves before the server exits 0.
ENV KVSERVER_DIR=/data
VOLUME /data
HEALTHCHECK --interval=10s --timeout=3s --start-period=40s --retries=3 \
  CMD bash -c 'exec 3<>/dev/tcp/127.0.0.1/${HEALTH_PORT} && printf "GET /actuator/health HTTP/1.0\r\nHost: localhost\r\n\r\n" >&3 && head -n1 <&3 | grep -q " 200 "'
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
