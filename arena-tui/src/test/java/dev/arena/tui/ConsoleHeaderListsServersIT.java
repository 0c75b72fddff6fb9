package dev.arena.tui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.config.ArenaConfig;
import dev.arena.diag.DiagContext;
import dev.arena.server.ArenaServer;
import dev.arena.testkit.MutableClock;
import dev.arena.testkit.VirtualConsole;
import dev.arena.testkit.PrivateRedis;
import dev.arena.time.Ticker;
import dev.arena.tui.source.DiagConsoleSource;
import dev.arena.tui.state.ConsoleSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server registry on the console: with two real servers over one private Redis the header lists both
 * (its own marked), and a server that shuts down leaves the line at the next refresh.
 */
class ConsoleHeaderListsServersIT {

    @RegisterExtension
    static final PrivateRedis REDIS = new PrivateRedis();

    @TempDir
    Path dir;

    private ArenaServer a;
    private ArenaServer b;
    private DiagConsoleSource source;
    private Console console;
    private VirtualConsole screen;

    @AfterEach
    void stop() {
        if (console != null) {
            console.close();
        }
        if (source != null) {
            source.close();
        }
        for (ArenaServer s : new ArenaServer[] {b, a}) {
            if (s != null) {
                s.close();
            }
        }
    }

    private Map<String, String> env(String name) {
        Map<String, String> env = new HashMap<>();
        env.put("ARENA_BROKER_BACKEND", "redis");
        env.put("REDIS_URL", REDIS.server().url());
        env.put("ARENA_REGISTRY_HEARTBEAT", "200ms");
        env.put("ARENA_REGISTRY_TTL", "5s");
        env.put("ARENA_HTTP_PORT", "0");
        env.put("ARENA_DB", dir.resolve(name + ".duckdb").toString());
        env.put("ARENA_AUDIT_LOG", dir.resolve(name + "-audit.jsonl").toString());
        return env;
    }

    @Test
    void headerListsBothServers_ownMarked_andDropsOneThatShutsDown() throws Exception {
        a = ArenaServer.builder(ArenaConfig.from(env("a"))).build().start();
        b = ArenaServer.builder(ArenaConfig.from(env("b"))).build().start();
        String idA = a.registry().self().id().substring(0, 8);
        String idB = b.registry().self().id().substring(0, 8);
        String hostA = a.url().substring("http://".length());
        String hostB = b.url().substring("http://".length());

        Map<String, String> consoleEnv = env("console");
        consoleEnv.put("ARENA_SERVER_URL", a.url());
        DiagContext context = DiagContext.from(ArenaConfig.from(consoleEnv), null, null, false).withTimeout(Duration.ofSeconds(2));
        source = new DiagConsoleSource(context, "arena-console@test", MutableClock.startingNow(), Ticker.system(), dir.resolve(".env"));
        screen = new VirtualConsole(120, 40);
        ManualPacing pacing = new ManualPacing();
        console = Console.start(screen.terminal(), source, ConsoleSettings.defaults(a.url(), "redis"), MutableClock.startingNow(), pacing);
        pacing.refresh();

        screen.awaitText("servers 2: ", "*" + idA + " " + hostA, idB + " " + hostB);
        assertThat(screen.text()).doesNotContain("*" + idB);

        b.close();
        pacing.refresh();
        screen.awaitText("servers 1: ");
        assertThat(screen.lines().get(2)).contains("*" + idA).doesNotContain(idB);
    }
}
