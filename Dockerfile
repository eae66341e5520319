# The agent's image for those who build with Docker: docker build -t burstlet .
# hack/image.sh builds the same image without Docker (and reproducibly); the release uses that.
#
# 1. build: target/burstlet.jar with Debian's Java 17 and Maven, as hack/test.sh does.
# 2. jlink: a Java 17 runtime with only the modules the agent needs (the list is MODULES in
#    hack/image.sh, which explains it; ImageIT checks that the two agree).
# 3. final: distroless cc (glibc, libstdc++, no shell), user nonroot = 65532:65532.

FROM debian:bookworm-slim AS build
RUN apt-get update -q \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
      openjdk-17-jdk-headless maven binutils \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY pom.xml ./
COPY provider provider
COPY src src
RUN mvn -B -q -ntp -DskipTests package

# Debian's libzip and launcher link the system zlib, which distroless cc lacks; their RPATH is
# $ORIGIN, so a copy next to them is found.
RUN jlink --module-path /usr/lib/jvm/java-17-openjdk-*/jmods \
      --add-modules java.base,java.management,java.naming,java.net.http,java.sql,jdk.crypto.ec,jdk.httpserver,jdk.jfr,jdk.management,jdk.naming.dns,jdk.unsupported \
      --strip-debug --no-header-files --no-man-pages --output /opt/java \
 && cp -L /lib/*-linux-gnu/libz.so.1 /opt/java/lib/

FROM gcr.io/distroless/cc-debian12:nonroot
COPY --from=build /opt/java /opt/java
COPY --from=build /usr/lib/locale/C.utf8 /usr/lib/locale/C.utf8
COPY --from=build /src/target/burstlet.jar /opt/burstlet/burstlet.jar
ENV PATH=/opt/java/bin:/usr/local/bin:/usr/bin:/bin \
    JAVA_HOME=/opt/java \
    LANG=C.UTF-8 \
    JAVA_TOOL_OPTIONS=-XX:MaxRAMPercentage=75
USER 65532:65532
WORKDIR /home/nonroot
EXPOSE 10250 10255
ENTRYPOINT ["/opt/java/bin/java", "-jar", "/opt/burstlet/burstlet.jar"]
CMD ["--help"]
