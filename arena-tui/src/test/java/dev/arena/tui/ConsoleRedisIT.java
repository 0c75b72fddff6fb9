package dev.arena.tui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.googlecode.lanterna.input.KeyType;
import dev.arena.broker.Brokers;
import dev.arena.broker.Event;
import dev.arena.broker.EventBroker;
import dev.arena.broker.RunId;
import dev.arena.config.ArenaConfig;
import dev.arena.diag.DiagContext;
import dev.arena.testkit.MutableClock;
import dev.arena.testkit.RedisServer;
import dev.arena.testkit.VirtualConsole;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console on the Redis backend with no server at all: open runs, sentinel TTLs and streams
 * come straight from a real redis-server, and the password-rotation wizard runs both steps
 * through the shared guarded-action runner without ever showing a password.
 */
class ConsoleRedisIT {

    private static final String OLD_PASSWORD = "old-secret-pw-1234";

    @TempDir
    Path dir;

    private RedisServer redis;
    private EventBroker broker;
    private VirtualConsole screen;
    private OpenConsole opened;

    @BeforeEach
    void start() {
        redis = RedisServer.builder().password(OLD_PASSWORD).start();
    }

    @AfterEach
    void stop() {
        if (opened != null) {
            opened.close();
        }
        if (broker != null) {
            broker.close();
        }
        redis.close();
    }

    @Test
    void runsComeFromRedisWithTheServerDown_andTheRotationWizardRunsBothSteps() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("ARENA_BROKER_BACKEND", "redis");
        env.put("REDIS_URL", redis.url());
        env.put("ARENA_SERVER_URL", "http://127.0.0.1:9");
        env.put("ARENA_AUDIT_LOG", dir.resolve("audit.jsonl").toString());
        ArenaConfig config = ArenaConfig.from(env);
        broker = Brokers.fromConfig(config, "arena-test");
        RunId run = RunId.random();
        broker.openRun(run, Map.of()).join();
        for (int i = 0; i < 5; i++) {
            broker.publish(run, Event.of("decision.emit", Map.of("i", i)).withPhase("strategy"))
                    .join();
        }
        broker.flush(Duration.ofSeconds(5));
        Path envFile = dir.resolve(".env");
        Files.writeString(envFile, "REDIS_PASSWORD=" + OLD_PASSWORD + "\n");

        DiagContext context = DiagContext.from(config, null, null, false).withTimeout(Duration.ofSeconds(1));
        MutableClock clock = MutableClock.startingNow(); // after the events: the run reads as just active
        screen = new VirtualConsole(120, 40);
        ManualPacing pacing = new ManualPacing();
        opened = OpenConsole.onRedisInWriteMode(screen, context, clock, envFile, pacing);
        pacing.refresh();
        screen.awaitText(run.prefix());
        pacing.refresh(); // the stream panel follows the first run listed

        screen.awaitText("backend redis", "UNREACHABLE", run.prefix(), "5h59m", "decision.emit [strategy]", "healthy");
        assertThat(screen.text()).contains("redis://:***@").doesNotContain(OLD_PASSWORD);
        assertThat(opened.console.logLines())
                .as("the runs panel says it reads Redis alone")
                .anyMatch(
                        l -> l.contains("open runs listed from Redis alone, parents and start times unknown: server"));

        screen.type("p");
        screen.awaitText("Step 1/2", "Type rotate to confirm:");
        OpenConsole.confirmRotation(screen);
        screen.press(KeyType.Enter); // Close: the wizard moves on to step 2
        screen.awaitText("Step 2/2", "Type rotate to confirm:");
        OpenConsole.confirmRotation(screen);
        String newPassword = Files.readString(envFile).strip().replace("REDIS_PASSWORD=", "");
        assertThat(newPassword)
                .isNotEqualTo(OLD_PASSWORD)
                .hasSizeGreaterThanOrEqualTo(32)
                .doesNotContain("=", "+", "/");
        assertThat(screen.text()).doesNotContain(OLD_PASSWORD).doesNotContain(newPassword);
        screen.press(KeyType.Enter);
        // Step 1 logged "rotate-password DONE" already: wait for step 2's own audit line.
        await().atMost(10, TimeUnit.SECONDS)
                .untilAsserted(() ->
                        assertThat(Files.readString(dir.resolve("audit.jsonl"))).contains("rotate-password-finish"));
        assertThat(opened.console.logLines())
                .anyMatch(l -> l.contains("rotate-password DONE"))
                .noneMatch(l -> l.contains(newPassword));
        String audit = Files.readString(dir.resolve("audit.jsonl"));
        assertThat(audit).doesNotContain(OLD_PASSWORD).doesNotContain(newPassword);
    }
}
