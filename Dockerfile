# The arena image: built from source with the Maven wrapper, run on a JRE as a non-root user.
#   docker compose run --rm arena diag doctor      (any arena command: the jar is the entrypoint)
# Base images are pinned to exact releases; bump them deliberately (docs/configuration.md, "Deployment").
FROM eclipse-temurin:17.0.16_8-jdk-noble AS build
WORKDIR /src
# Dependencies first, in their own layer: it is rebuilt only when a pom or the wrapper changes,
# not when a source file does.
COPY mvnw ./
COPY .mvn .mvn
COPY pom.xml ./
COPY arena-testkit/pom.xml arena-testkit/
COPY arena-core/pom.xml arena-core/
COPY arena-diag/pom.xml arena-diag/
COPY arena-tui/pom.xml arena-tui/
COPY arena-cli/pom.xml arena-cli/
RUN ./mvnw -B -q dependency:go-offline -pl arena-cli -am -DexcludeReactor=true
# Then the sources.
COPY arena-testkit/src arena-testkit/src
COPY arena-core/src arena-core/src
COPY arena-diag/src arena-diag/src
COPY arena-tui/src arena-tui/src
COPY arena-cli/src arena-cli/src
COPY runbooks runbooks
RUN ./mvnw -B -q -DskipTests -DskipITs package -pl arena-cli -am

FROM eclipse-temurin:17.0.16_8-jre-noble
# /app/data holds the DuckDB file, its WAL and the audit log: owner-only (0700), like every file Arena creates.
RUN useradd --system --uid 10001 --home-dir /app arena \
    && mkdir -p /app/data && chown -R arena /app && chmod 700 /app/data
WORKDIR /app
COPY --from=build /src/arena-cli/target/arena.jar /app/arena.jar
USER arena
ENV ARENA_HTTP_HOST=0.0.0.0 \
    ARENA_HTTP_PORT=8000 \
    ARENA_DB=/app/data/arena.duckdb \
    ARENA_AUDIT_LOG=/app/data/audit.jsonl
EXPOSE 8000
VOLUME ["/app/data"]
STOPSIGNAL SIGTERM
# Healthy = /health/ready answers 200 (a down store is degraded, not unready); bash's /dev/tcp, so the check needs no curl or wget in the JRE image.
HEALTHCHECK --interval=10s --timeout=3s --retries=5 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8000 && printf 'GET /health/ready HTTP/1.1\\r\\nHost: 127.0.0.1\\r\\nConnection: close\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
# The jar is the entrypoint and `server` the default command, so `docker run IMAGE diag doctor` runs diag.
# An OutOfMemoryError ends the JVM (and the restart policy starts a fresh one) instead of limping on.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/arena.jar"]
CMD ["server"]
