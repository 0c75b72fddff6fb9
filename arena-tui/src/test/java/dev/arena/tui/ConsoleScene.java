package dev.arena.tui;

import static org.awaitility.Awaitility.await;

import dev.arena.broker.Event;
import dev.arena.broker.RunId;
import dev.arena.broker.RunInfo;
import dev.arena.broker.inprocess.InProcessEventBroker;
import dev.arena.config.ArenaConfig;
import dev.arena.config.BrokerSettings;
import dev.arena.diag.DiagContext;
import dev.arena.fixture.ServerFixture;
import dev.arena.fork.FaultScenario;
import dev.arena.fork.ForkRequest;
import dev.arena.fork.ForkService;
import dev.arena.testkit.MutableClock;
import dev.arena.testkit.VirtualConsole;
import dev.arena.time.Ticker;
import dev.arena.tui.state.ConsoleSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * What {@code ConsoleIT} looks at, built afresh for each test: a real embedded server (real HTTP,
 * fault injection on) over an in-process broker, all on one {@link MutableClock} the console shares,
 * with a busy run, a parent run and a fork of it stalled mid-replay. Nothing moves until the test
 * says so: {@link #age} advances the clock past the stuck threshold and has only the busy run
 * produce, so the parent reads stalled, the busy run healthy and the fork stuck.
 */
final class ConsoleScene implements AutoCloseable {

    static final Duration STUCK_AFTER = Duration.ofSeconds(2);
    static final String ADMIN_TOKEN = "console-it-token-123";

    final MutableClock clock = MutableClock.startingNow();
    final Map<String, String> env = new HashMap<>();
    final InProcessEventBroker broker;
    final RunId busy = RunId.random();
    final RunId parent = RunId.random();
    final RunId child;
    private final Path dir;
    private ServerFixture server;
    private OpenConsole opened;

    ConsoleScene(Path dir) throws Exception {
        this.dir = dir;
        env.put("ARENA_DB", dir.resolve("arena.duckdb").toString());
        env.put("ARENA_AUDIT_LOG", dir.resolve("audit.jsonl").toString());
        env.put("ARENA_HTTP_PORT", "0");
        env.put("ARENA_ADMIN_TOKEN", ADMIN_TOKEN);
        env.put("ARENA_FORK_STUCK_AFTER", STUCK_AFTER.toSeconds() + "s");
        env.put("ARENA_ENV", "staging");
        broker = new InProcessEventBroker(BrokerSettings.DEFAULTS, clock);
        ForkService forks = new ForkService(broker, clock, Ticker.system(), STUCK_AFTER, true, 0.0, 2);
        server = start(forks);
        env.put("ARENA_SERVER_URL", server.url());
        env.put("ARENA_HTTP_PORT", Integer.toString(server.server.port()));

        broker.openRun(busy, Map.of("who", "busy")).join();
        broker.openRun(parent, Map.of("who", "parent")).join();
        for (int i = 0; i < 10; i++) {
            broker.publish(parent, Event.of("agent.signal", Map.of("i", i)).withPhase("analysis"))
                    .join();
        }
        busyEvent();
        clock.advance(Duration.ofSeconds(1)); // the parent has idled longest: it sorts first among the stalled
        long last = broker.run(parent).map(RunInfo::lastSeq).orElseThrow();
        child = RunId.parse(forks.start(new ForkRequest(parent, null, FaultScenario.stallAt(last + 3)))
                .childRunId());
        await().atMost(Duration.ofSeconds(15))
                .until(() -> forks.tasks().get(0).stack().toString().contains("SimulatedLlm"));
    }

    /** A server on the scene's broker and clock, with {@code forks} (or the server's own when null). */
    private ServerFixture start(ForkService forks) throws Exception {
        return ServerFixture.builder(dir)
                .broker(broker)
                .replaceEnv(env)
                .tweak(b -> {
                    b.clock(clock).allowFaultInjection(true);
                    if (forks != null) {
                        b.forkService(forks);
                    }
                })
                .start();
    }

    /** One event on the busy run, stamped now on the scene's clock. */
    void busyEvent() {
        broker.publish(busy, Event.of("llm.call", Map.of("tokens", 12))).join();
    }

    /** Time passes beyond the stuck threshold and only the busy run produces meanwhile. */
    void age() {
        clock.advance(STUCK_AFTER.plusSeconds(1));
        busyEvent();
    }

    /** The audit file the server and the console's guarded actions append to. */
    Path auditLog() {
        return dir.resolve("audit.jsonl");
    }

    String serverUrl() {
        return server.url();
    }

    /** Stops the server (the broker and its runs live on). */
    void stopServer() {
        server.close();
    }

    /** A new server on the same port, broker and clock, as after a restart. */
    void restartServer() throws Exception {
        server = start(null);
    }

    /**
     * Opens the console (refreshed only through {@code pacing}) on {@code screen} and shows the aged
     * scene: a refresh before and one after the clock moves on (so rates exist and verdicts change),
     * then one for the stream of the run now listed first. Closed with the scene.
     */
    Console openConsole(VirtualConsole screen, ManualPacing pacing, boolean write) {
        DiagContext context =
                DiagContext.from(ArenaConfig.from(env), null, null, false).withTimeout(Duration.ofSeconds(1));
        ConsoleSettings settings = ConsoleSettings.defaults(context.serverUrl(), "inprocess")
                .withEnvLabel("staging")
                .withWriteMode(write)
                .withRefresh(Duration.ofSeconds(1))
                .withStuckAfter(STUCK_AFTER);
        opened = OpenConsole.start(screen, context, settings, clock, dir.resolve(".env"), pacing);
        pacing.refresh();
        screen.awaitText("health ok", busy.prefix());
        age();
        pacing.refresh();
        screen.awaitText("stalled", "healthy", "STUCK");
        pacing.refresh();
        return opened.console;
    }

    @Override
    public void close() {
        if (opened != null) {
            opened.close();
        }
        server.close();
        broker.close();
    }
}
