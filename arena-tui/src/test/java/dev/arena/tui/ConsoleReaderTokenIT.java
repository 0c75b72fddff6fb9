package dev.arena.tui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.auth.TokenMinter;
import dev.arena.broker.Event;
import dev.arena.broker.RunId;
import dev.arena.config.ArenaConfig;
import dev.arena.config.ReaderAuthSettings;
import dev.arena.diag.DiagContext;
import dev.arena.fixture.ServerFixture;
import dev.arena.testkit.MutableClock;
import dev.arena.testkit.VirtualConsole;
import dev.arena.tui.state.ConsoleSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against a server that requires reader tokens, the console (80×24) sends the token it was given ({@code --token} /
 * {@code ARENA_TOKEN}) and shows the open runs; without one it says the token is missing and how to mint one, and
 * the token never shows on screen.
 */
class ConsoleReaderTokenIT {

    static final String SECRET = "console-reader-secret-0123456789abcdef";

    @TempDir
    Path dir;

    ServerFixture server;
    OpenConsole opened;
    RunId run;

    @BeforeEach
    void start() throws Exception {
        server = ServerFixture.builder(dir)
                .env(ReaderAuthSettings.SECRET_VARIABLE, SECRET)
                .start();
        run = RunId.random();
        server.broker.openRun(run, Map.of()).join();
        server.broker.publish(run, Event.of("agent.signal", Map.of("i", 1))).join();
    }

    @AfterEach
    void stop() {
        if (opened != null) {
            opened.close();
        }
        server.close();
    }

    private VirtualConsole open(String token) {
        DiagContext context = DiagContext.from(ArenaConfig.from(server.clientEnv()), null, null, false)
                .withTimeout(Duration.ofSeconds(2))
                .withReaderToken(token, null);
        VirtualConsole screen = new VirtualConsole(80, 24);
        ManualPacing pacing = new ManualPacing();
        opened = OpenConsole.start(
                screen,
                context,
                ConsoleSettings.defaults(server.url(), "inprocess"),
                MutableClock.startingNow(),
                dir.resolve(".env"),
                pacing);
        pacing.refresh();
        return screen;
    }

    @Test
    void withAToken_theConsoleShowsTheOpenRuns() {
        String token = new TokenMinter(SECRET.getBytes(StandardCharsets.UTF_8))
                .mint("oncall", List.of("*"), null, true, Instant.now(), Duration.ofMinutes(10));
        VirtualConsole screen = open(token);
        screen.awaitText("health ok", "Open runs (1)", run.value().substring(0, 8));
        assertThat(screen.text()).doesNotContain(token.substring(0, 20)).doesNotContain("token missing");
    }

    @Test
    void withoutAToken_theConsoleSaysItIsMissingAndHowToMintOne() {
        VirtualConsole screen = open(null);
        screen.awaitText("metrics failing: token missing, mint one with arena diag token");
    }
}
