package dev.arena.tui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.config.ArenaConfig;
import dev.arena.diag.DiagContext;
import dev.arena.fixture.ServerFixture;
import dev.arena.testkit.MutableClock;
import dev.arena.testkit.PrivateRedis;
import dev.arena.testkit.VirtualConsole;
import dev.arena.tui.state.ConsoleSettings;
import java.nio.file.Files;
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

    private ServerFixture a;
    private ServerFixture b;
    private OpenConsole opened;
    private VirtualConsole screen;

    @AfterEach
    void stop() {
        if (opened != null) {
            opened.close();
        }
        for (ServerFixture s : new ServerFixture[] {b, a}) {
            if (s != null) {
                s.close();
            }
        }
    }

    private Map<String, String> registryEnv() {
        Map<String, String> env = new HashMap<>();
        env.put("ARENA_REGISTRY_HEARTBEAT", "200ms");
        env.put("ARENA_REGISTRY_TTL", "5s");
        return env;
    }

    private ServerFixture server(String name) throws Exception {
        return ServerFixture.builder(Files.createDirectories(dir.resolve(name)))
                .redis(REDIS.server().url())
                .env(registryEnv())
                .start();
    }

    @Test
    void headerListsBothServers_ownMarked_andDropsOneThatShutsDown() throws Exception {
        a = server("a");
        b = server("b");
        String idA = a.server.registry().self().id().substring(0, 8);
        String idB = b.server.registry().self().id().substring(0, 8);
        String hostA = a.url().substring("http://".length());
        String hostB = b.url().substring("http://".length());

        Map<String, String> consoleEnv = a.clientEnv();
        consoleEnv.putAll(registryEnv());
        DiagContext context = DiagContext.from(ArenaConfig.from(consoleEnv), null, null, false)
                .withTimeout(Duration.ofSeconds(2));
        screen = new VirtualConsole(120, 40);
        ManualPacing pacing = new ManualPacing();
        opened = OpenConsole.start(
                screen,
                context,
                ConsoleSettings.defaults(a.url(), "redis"),
                MutableClock.startingNow(),
                dir.resolve(".env"),
                pacing);
        pacing.refresh();

        screen.awaitText("servers 2: ", "*" + idA + " " + hostA, idB + " " + hostB);
        assertThat(screen.text()).doesNotContain("*" + idB);

        b.close();
        pacing.refresh();
        screen.awaitText("servers 1: ");
        assertThat(screen.lines().get(2)).contains("*" + idA).doesNotContain(idB);
    }
}
