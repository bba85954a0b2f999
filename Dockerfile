# nunu-action: a GitHub container action. The base images are the public ones below, pinned by
# digest; tests build this file offline with local stand-ins passed as build arguments
# (BUILD_IMAGE, RUNTIME_IMAGE), and the pinned stages are then left unused.
ARG BUILD_IMAGE=public-build-base
ARG RUNTIME_IMAGE=public-runtime-base

# The public base images, by digest (a tag can be pushed again; Dependabot keeps these current).
FROM eclipse-temurin:25-jdk@sha256:97014c4b396021f9ddb7d592a7dbedb0c4e4215c29e03dc01c393558aefb71c2 AS public-build-base
FROM debian:bookworm-slim@sha256:88200866dfff7ea7f5cbcb6ec7c8a701889efe6fe859fe64d6990e4b07ea4171 AS public-runtime-base

# --- build: the jar, a small Java runtime, and an AOT cache trained on a real run ---
FROM ${BUILD_IMAGE} AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
# Dependencies in their own layer, reused until the pom changes (no BuildKit cache mounts: the
# classic builder that Testcontainers drives does not have them).
RUN ./mvnw -q -B -ntp dependency:go-offline
COPY src src
RUN ./mvnw -q -B -ntp -DskipTests package \
 && mkdir -p /opt/nunu-action \
 && cp target/nunu-action.jar /opt/nunu-action/nunu-action.jar \
 && cp target/nunu-action-tests.jar /tmp/simulator.jar \
 && cp src/main/docker/jvm.options src/main/docker/post /opt/nunu-action/
# Only what the jar needs; Jackson's optional java.desktop and java.sql support stays out.
RUN jlink --add-modules java.base,java.net.http,java.xml,jdk.unsupported \
      --strip-java-debug-attributes --no-man-pages --no-header-files --compress=zip-6 --output /opt/java
# Training: the whole flow (multipart upload, test plan, polling, reports, artifacts) against the
# simulated API, with the runtime and the jar at the paths the final image uses.
RUN sh src/main/docker/train.sh

# --- runtime ---
FROM ${RUNTIME_IMAGE}
COPY --from=build /opt/java /opt/java
COPY --from=build /opt/nunu-action /opt/nunu-action
ENV LANG=C.UTF-8
# Exec form: a shell would drop the runner's hyphenated INPUT_* variables. No USER: GitHub runs
# container actions as root so that they can write the workspace.
ENTRYPOINT ["/opt/java/bin/java", "-XX:AOTCache=/opt/nunu-action/nunu-action.aot", "@/opt/nunu-action/jvm.options", "-jar", "/opt/nunu-action/nunu-action.jar"]
