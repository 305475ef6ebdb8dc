# livernode images, built from source on Debian 12 with PixelMed from Debian (as scripts/setup does on a host):
#   docker build -t livernode:cpu .                      Debian 12 with JDK 17's runtime; ONNX Runtime on the CPU (default target)
#   docker build --target gpu -t livernode:gpu .         the jar built with -Pgpu (ONNX Runtime with CUDA 12) on NVIDIA's
#                                                        CUDA 12 + cuDNN 9 runtime image, which NVIDIA publishes for Ubuntu,
#                                                        not Debian; the host needs the NVIDIA Container Toolkit
# docker-compose.yml builds and runs either next to an Orthanc.

FROM debian:12 AS build-base
RUN apt-get update \
 && apt-get install -y --no-install-recommends openjdk-17-jdk-headless maven python3 libpixelmed-java libpixelmed-imageio-java \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY scripts/bootstrap-pixelmed scripts/bootstrap-pixelmed
COPY scripts/pixelmed scripts/pixelmed
RUN scripts/bootstrap-pixelmed
COPY pom.xml .

FROM build-base AS build-gpu
# Dependencies in a layer of their own, so that a source change does not download them again.
RUN mvn -B -q -Pgpu dependency:go-offline
COPY src/main src/main
RUN mvn -B -q -Pgpu -DskipTests package

FROM build-base AS build-cpu
RUN mvn -B -q dependency:go-offline
COPY src/main src/main
RUN mvn -B -q -DskipTests package

# Both runtime images hold the same files at the same paths: the jar with lib/ beside it (its manifest's class path),
# the logging setup, the shipped model (copied into the models volume the first time it is mounted) and the
# configuration that docker-compose.yml uses. The spool volume is owned by the node's user.
FROM nvidia/cuda:12.8.1-cudnn-runtime-ubuntu24.04 AS gpu
RUN apt-get update \
 && apt-get install -y --no-install-recommends openjdk-17-jre-headless curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --home-dir /var/lib/livernode --create-home livernode \
 && install -d -o livernode -g livernode /var/lib/livernode/spool
COPY --from=build-gpu /src/target/livernode.jar /opt/livernode/
COPY --from=build-gpu /src/target/lib/ /opt/livernode/lib/
COPY conf/logback.xml /opt/livernode/conf/
COPY models/liver.onnx models/liver.json /opt/livernode/models/
COPY conf/docker/livernode.yaml /etc/livernode/
USER livernode
WORKDIR /var/lib/livernode
EXPOSE 11112 8080
ENTRYPOINT ["java", "-Dlogback.configurationFile=/opt/livernode/conf/logback.xml", "-jar", "/opt/livernode/livernode.jar"]
CMD ["serve", "--config", "/etc/livernode/livernode.yaml"]

FROM debian:12-slim AS cpu
RUN apt-get update \
 && apt-get install -y --no-install-recommends openjdk-17-jre-headless curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --home-dir /var/lib/livernode --create-home livernode \
 && install -d -o livernode -g livernode /var/lib/livernode/spool
COPY --from=build-cpu /src/target/livernode.jar /opt/livernode/
COPY --from=build-cpu /src/target/lib/ /opt/livernode/lib/
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
