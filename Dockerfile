# livernode image, built from source on Debian 12 with PixelMed from Debian (as scripts/setup does on a host).
#   docker build -t livernode:cpu .
#       Debian 12 with JDK 17's runtime; ONNX Runtime on the CPU (the defaults below)
#   docker build --build-arg VARIANT=gpu --build-arg RUNTIME_IMAGE=nvidia/cuda:12.8.1-cudnn-runtime-ubuntu24.04 -t livernode:gpu .
#       the jar built with -Pgpu (ONNX Runtime with CUDA 12) on NVIDIA's CUDA 12 + cuDNN 9 runtime image, which
#       NVIDIA publishes for Ubuntu, not Debian; the host needs the NVIDIA Container Toolkit
# docker-compose.yml builds and runs either next to an Orthanc.
ARG VARIANT=cpu
ARG RUNTIME_IMAGE=debian:12-slim

FROM debian:12 AS build-base
RUN apt-get update \
 && apt-get install -y --no-install-recommends openjdk-17-jdk-headless maven python3 libpixelmed-java libpixelmed-imageio-java \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY scripts/bootstrap-pixelmed scripts/bootstrap-pixelmed
COPY scripts/pixelmed scripts/pixelmed
RUN scripts/bootstrap-pixelmed
COPY pom.xml .

FROM build-base AS build-cpu
# Dependencies in a layer of their own, so that a source change does not download them again.
RUN mvn -B -q dependency:go-offline
COPY src/main src/main
RUN mvn -B -q -DskipTests package

FROM build-base AS build-gpu
RUN mvn -B -q -Pgpu dependency:go-offline
COPY src/main src/main
RUN mvn -B -q -Pgpu -DskipTests package

FROM build-${VARIANT} AS build

# The jar with lib/ beside it (its manifest's class path), the logging setup, the shipped model (copied into the
# models volume the first time it is mounted) and the configuration that docker-compose.yml uses. The spool
# volume is owned by the node's user.
FROM ${RUNTIME_IMAGE}
RUN apt-get update \
 && apt-get install -y --no-install-recommends openjdk-17-jre-headless curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --home-dir /var/lib/livernode --create-home livernode \
 && install -d -o livernode -g livernode /var/lib/livernode/spool
COPY --from=build /src/target/livernode.jar /opt/livernode/
COPY --from=build /src/target/lib/ /opt/livernode/lib/
COPY conf/logback.xml /opt/livernode/conf/
COPY models/liver.onnx models/liver.json /opt/livernode/models/
COPY conf/docker/livernode.yaml /etc/livernode/
USER livernode
WORKDIR /var/lib/livernode
# DICOM; HTTP for /health and /metrics
EXPOSE 11112 8080
# JVM options such as the heap (-Xmx4g): the environment variable JAVA_TOOL_OPTIONS
ENTRYPOINT ["java", "-Dlogback.configurationFile=/opt/livernode/conf/logback.xml", "-jar", "/opt/livernode/livernode.jar"]
CMD ["serve", "--config", "/etc/livernode/livernode.yaml"]
