package dev.arena.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.arena.broker.EventBroker;
import dev.arena.broker.inprocess.InProcessEventBroker;
import dev.arena.config.BrokerSettings;
import dev.arena.fixture.ServerFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import okhttp3.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ARENA_ACCESS_LOG} writes one dated line per request to an
 * owner-only file, without the bearer token or the query string.
 */
class AccessLogIT {

    private static final String QUERY_SECRET = "qs-secret-8d1e";

    @TempDir
    Path dir;

    EventBroker broker;
    ServerFixture fx;
    Path accessLog;

    @BeforeEach
    void start() throws Exception {
        broker = new InProcessEventBroker(BrokerSettings.DEFAULTS, Clock.systemUTC());
        accessLog = dir.resolve("logs/access.log");
        fx = ServerFixture.start(broker, dir, ServerFixture.env(dir), b -> b.accessLog(accessLog.toString()));
    }

    @AfterEach
    void stop() {
        fx.close();
        broker.close();
    }

    @Test
    void accessLog_hasADatedLinePerRequest_withoutTheBearerTokenOrTheQuery() throws Exception {
        assertThat(fx.call(new Request.Builder()
                                .url(fx.url("/runs?limit=5&token=" + QUERY_SECRET))
                                .header("Authorization", "Bearer " + ServerFixture.ADMIN_TOKEN)
                                .build())
                        .status())
                .isEqualTo(200);
        assertThat(fx.post("/admin/runs/does-not-exist/reap", "{}", ServerFixture.ADMIN_TOKEN)
                        .status())
                .isGreaterThanOrEqualTo(400);

        List<String> lines =
                await().atMost(Duration.ofSeconds(10)).until(() -> Files.readAllLines(accessLog), l -> l.size() >= 2);
        assertThat(lines.get(0))
                .matches(
                        "\\S+ - \\[\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z\\] \"GET /runs HTTP/1.1\" 200 .*");
        assertThat(lines.get(1)).contains("\"POST /admin/runs/does-not-exist/reap HTTP/1.1\"");
        String all = Files.readString(accessLog);
        assertThat(all)
                .doesNotContain(ServerFixture.ADMIN_TOKEN)
                .doesNotContain(QUERY_SECRET)
                .doesNotContain("Bearer")
                .doesNotContain("limit=");
        assertThat(PosixFilePermissions.toString(Files.readAttributes(accessLog, PosixFileAttributes.class)
                        .permissions()))
                .isEqualTo("rw-------");
    }
}
