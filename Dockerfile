# The arena server image: built from source with the Maven wrapper, run on a JRE as a non-root user.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -q -DskipTests -DskipITs package -pl arena-cli -am

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --home-dir /app arena \
    && mkdir -p /app/data && chown -R arena /app
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
HEALTHCHECK --interval=10s --timeout=3s --retries=5 \
    CMD curl -fsS http://127.0.0.1:8000/health >/dev/null || exit 1
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/arena.jar", "server"]
