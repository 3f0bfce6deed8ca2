# syntax=docker/dockerfile:1

# Build stage: the Maven wrapper, with the dependency download in its own cached layer.
FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
COPY mvnw pom.xml ./
COPY .mvn .mvn
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q dependency:go-offline
COPY src src
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q -DskipTests package \
 && java -Djarmode=tools -jar target/kvserver-*-SNAPSHOT.jar extract --layers --launcher --destination /layers

# Run stage: a JRE 25 image, Spring Boot's layers (dependencies change less often than our code), non-root.
FROM eclipse-temurin:25-jre
RUN groupadd --system kvserver && useradd --system --gid kvserver --no-create-home kvserver
WORKDIR /app
COPY --from=build /layers/dependencies/ ./
COPY --from=build /layers/spring-boot-loader/ ./
COPY --from=build /layers/snapshot-dependencies/ ./
COPY --from=build /layers/application/ ./
USER kvserver
EXPOSE 6379 8080
# Container-aware heap sizing; the JVM reads the cgroup limits itself.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
# The image has no curl: ask Actuator's health endpoint with bash's /dev/tcp.
HEALTHCHECK --interval=10s --timeout=3s --start-period=40s --retries=3 \
  CMD bash -c 'exec 3<>/dev/tcp/127.0.0.1/8080 && printf "GET /actuator/health HTTP/1.0\r\nHost: localhost\r\n\r\n" >&3 && grep -q "\"status\":\"UP\"" <&3'
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
