# Build stage: the jar with the Maven wrapper, then a small Java runtime with jlink.
# Base images are build arguments so that tests can build offline from local images.
ARG BUILD_IMAGE=eclipse-temurin:21-jdk
ARG RUNTIME_IMAGE=debian:bookworm-slim

FROM ${BUILD_IMAGE} AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
RUN ./mvnw -q -B -ntp dependency:go-offline
COPY src src
RUN ./mvnw -q -B -ntp -DskipTests package
RUN jlink --add-modules java.base,java.net.http,java.xml,jdk.unsupported \
      --strip-debug --no-man-pages --no-header-files --compress=zip-6 --output /runtime

FROM ${RUNTIME_IMAGE}
COPY --from=build /runtime /opt/java
COPY --from=build /src/target/nunu-action.jar /opt/nunu-action/nunu-action.jar
# Exec form: a shell would drop the runner's hyphenated INPUT_* variables.
ENTRYPOINT ["/opt/java/bin/java", "-jar", "/opt/nunu-action/nunu-action.jar"]
