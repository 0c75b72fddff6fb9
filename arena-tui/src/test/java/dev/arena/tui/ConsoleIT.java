package dev.arena.tui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import dev.arena.api.ForkTaskView;
import dev.arena.broker.Brokers;
import dev.arena.broker.Event;
import dev.arena.broker.EventBroker;
import dev.arena.broker.RunId;
import dev.arena.broker.RunInfo;
import dev.arena.config.ArenaConfig;
import dev.arena.diag.DiagContext;
import dev.arena.fork.FaultScenario;
import dev.arena.fork.ForkRequest;
import dev.arena.server.ArenaServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console against a real embedded server (real HTTP, real fork tasks with a stall injected,
 * the shared guarded-action runner, the audit file), drawn on Lanterna's virtual terminal.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleIT {

    @TempDir
    static Path dir;

    static Map<String, String> env;
    static EventBroker broker;
    static ArenaServer server;
    static ScheduledExecutorService producer;
    static RunId busy;
    static RunId parent;
    static RunId child;
    static int port;

    private DefaultVirtualTerminal terminal;
    private Console console;
    private DiagConsoleSource source;

    @BeforeAll
    static void startServer() throws Exception {
        env = new HashMap<>();
        env.put("ARENA_DB", dir.resolve("arena.duckdb").toString());
        env.put("ARENA_AUDIT_LOG", dir.resolve("audit.jsonl").toString());
        env.put("ARENA_HTTP_PORT", "0");
        env.put("ARENA_ADMIN_TOKEN", "console-it-token-123");
        env.put("ARENA_FORK_STUCK_AFTER", "2s");
        env.put("ARENA_ENV", "staging");
        ArenaConfig config = ArenaConfig.from(env);
        broker = Brokers.fromConfig(config, "arena-test");
        server = ArenaServer.builder(config).broker(broker).allowFaultInjection(true).build().start();
        port = server.port();
        env.put("ARENA_SERVER_URL", server.url());
        env.put("ARENA_HTTP_PORT", Integer.toString(port));

        busy = RunId.random();
        parent = RunId.random();
        broker.openRun(busy, Map.of("who", "busy")).join();
        broker.openRun(parent, Map.of("who", "parent")).join();
        for (int i = 0; i < 10; i++) {
            broker.publish(parent, Event.of("agent.signal", Map.of("i", i)).withPhase("analysis")).join();
        }
        producer = Executors.newSingleThreadScheduledExecutor();
        producer.scheduleAtFixedRate(() -> broker.publish(busy, Event.of("llm.call", Map.of("tokens", 12))),
                0, 250, TimeUnit.MILLISECONDS);
        long last = broker.run(parent).map(RunInfo::lastSeq).orElseThrow();
        ForkTaskView fork = server.forks().start(new ForkRequest(parent, null, FaultScenario.stallAt(last + 3)));
        child = RunId.parse(fork.childRunId());
    }

    @AfterAll
    static void stopServer() {
        producer.shutdownNow();
        if (server != null) {
            server.close();
        }
        broker.close();
    }

    @AfterEach
    void closeConsole() {
        if (console != null) {
            console.close();
        }
        if (source != null) {
            source.close();
        }
    }

    private void open(boolean write) {
        terminal = new DefaultVirtualTerminal(new TerminalSize(120, 40));
        DiagContext context = DiagContext.from(ArenaConfig.from(env), null, null, false).withTimeout(Duration.ofSeconds(1));
        source = new DiagConsoleSource(context, "arena-console@test", Clock.systemUTC(), dir.resolve(".env"));
        ConsoleSettings settings = ConsoleSettings.defaults(context.serverUrl(), "inprocess").withEnvLabel("staging")
                .withWriteMode(write).withRefresh(Duration.ofSeconds(1)).withStuckAfter(Duration.ofSeconds(2));
        console = Console.start(terminal, source, settings, Clock.systemUTC());
    }

    private void awaitScreen(String... texts) {
        await().atMost(15, TimeUnit.SECONDS).untilAsserted(() -> assertThat(Screens.text(terminal)).contains(texts));
    }

    private void type(String s) {
        for (char c : s.toCharArray()) {
            terminal.addInput(new KeyStroke(c, false, false));
        }
    }

    private void press(KeyType k) {
        terminal.addInput(new KeyStroke(k));
    }

    @Test
    @Order(0)
    void capturesAt80x24And160x48_forTheDocs() throws Exception {
        open(false);
        terminal.setTerminalSize(new TerminalSize(80, 24));
        awaitScreen("health ok", "STUCK", busy.prefix(), "stalled", "healthy");
        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() ->
                assertThat(Screens.text(terminal)).containsPattern("published +\\d+ +\\d+(\\.\\d)?/s"));
        String small = settledCapture(23);
        terminal.setTerminalSize(new TerminalSize(160, 48));
        awaitScreen(busy.value(), "STARTED", "Fork tasks (");
        String big = settledCapture(47);
        assertThat(small.split("\n", -1)).hasSize(25).allMatch(l -> l.length() <= 80);
        assertThat(big.split("\n", -1)).hasSize(49).allMatch(l -> l.length() <= 160);
        Path out = Path.of(ConsoleIT.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
        Files.writeString(out.resolve("console-80x24.txt"), small);
        Files.writeString(out.resolve("console-160x48.txt"), big);
    }

    /** A capture taken once the key bar (the last row drawn) is on screen and the event list is filled. */
    private String settledCapture(int barRow) {
        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> {
            assertThat(Screens.rows(terminal).get(barRow)).contains("q quit");
            assertThat(Screens.text(terminal)).contains("agent.signal");
        });
        return Screens.capture(terminal);
    }

    @Test
    @Order(1)
    void everyPanelShowsRealDataFromTheServer() {
        open(false);
        awaitScreen("staging", "health ok", "backend inprocess", "mode read-only", busy.prefix(), parent.prefix(),
                child.prefix(), "STUCK", "Fork tasks (", "agent.signal [analysis]");
        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> {
            String text = Screens.text(terminal);
            assertThat(text).containsPattern("published +\\d+ +\\d+(\\.\\d)?/s");
            assertThat(text).contains("healthy", "stalled");
        });
    }

    @Test
    @Order(2)
    void triageOfTheStuckForkShowsTheVerdictAndTheNextCommand() {
        open(false);
        awaitScreen("STUCK");
        press(KeyType.Tab);
        press(KeyType.Tab);
        awaitScreen("Enter stack");
        type("t");
        awaitScreen("Triage " + child.prefix(), "VERDICT: producer stuck", "Next step", "$ arena");
    }

    @Test
    @Order(3)
    void reapDialogStartsOnCancel_refusesAWrongPrefix_thenReapsAndVerifies() throws Exception {
        open(true);
        awaitScreen(parent.prefix(), "mode WRITE");
        type(":go " + parent.prefix());
        awaitScreen("Command");
        press(KeyType.Enter);
        awaitScreen("Stream " + parent.prefix());

        type("r");
        awaitScreen("Reap " + parent.value(), "Exact commands:", "Type " + parent.prefix() + " to confirm:", "PAUSED");
        press(KeyType.Enter); // Cancel has the focus: nothing happens
        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() ->
                assertThat(Screens.text(terminal)).doesNotContain("Exact commands:").doesNotContain("PAUSED"));
        assertThat(broker.run(parent).orElseThrow().isOpen()).isTrue();

        type("r");
        awaitScreen("Exact commands:");
        awaitScreen("the run progressed"); // a fresh run is refused unless forced
        press(KeyType.ReverseTab); // to the confirmation box
        type("deadbeef");
        press(KeyType.ReverseTab); // to "force"
        type(" ");
        press(KeyType.Tab); // the confirmation box
        press(KeyType.Tab); // Cancel
        press(KeyType.Tab); // Reap
        press(KeyType.Enter);
        awaitScreen("NOT CONFIRMED", "did not match");
        assertThat(broker.run(parent).orElseThrow().isOpen()).isTrue();

        press(KeyType.ReverseTab);
        for (int i = 0; i < 8; i++) {
            press(KeyType.Backspace);
        }
        type(parent.prefix());
        press(KeyType.Tab);
        press(KeyType.Tab);
        press(KeyType.Enter);
        awaitScreen("DONE:", "verify:");
        press(KeyType.Enter); // Close
        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> {
            assertThat(broker.run(parent).map(RunInfo::isOpen).orElse(false)).isFalse();
            assertThat(Screens.text(terminal)).contains("audit").contains("reap " + parent.prefix());
        });
        String audit = Files.readString(dir.resolve("audit.jsonl"));
        assertThat(audit).contains("not_confirmed").contains("\"result\":\"done\"").doesNotContain("console-it-token-123");
    }

    @Test
    @Order(4)
    void aServerThatDiesMidSessionMarksPanelsStale_keysStillWork_andItRecovers() throws Exception {
        open(false);
        awaitScreen("health ok", busy.prefix());
        server.close();
        awaitScreen("UNREACHABLE", "stale");
        assertThat(Screens.text(terminal)).contains(busy.prefix()); // last data stays, marked stale
        type("?");
        awaitScreen("Verdicts of open runs");
        press(KeyType.Escape);

        ArenaConfig config = ArenaConfig.from(env); // same port
        server = ArenaServer.builder(config).broker(broker).allowFaultInjection(true).build().start();
        await().atMost(20, TimeUnit.SECONDS).untilAsserted(() ->
                assertThat(Screens.text(terminal)).contains("health ok").doesNotContain("stale").doesNotContain("UNREACHABLE"));
        assertThat(console.logLines()).anyMatch(l -> l.contains("health recovered"));
    }
}
