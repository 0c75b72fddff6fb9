package dev.arena.diag.support;

import dev.arena.broker.Event;
import dev.arena.broker.EventBroker;
import dev.arena.broker.RunId;
import dev.arena.broker.RunOutcome;
import dev.arena.broker.inprocess.InProcessEventBroker;
import dev.arena.config.ArenaConfig;
import dev.arena.fork.ForkService;
import dev.arena.server.ArenaServer;
import dev.arena.time.Ticker;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** A real arena server on port 0 over an in-process broker, fault injection on, forks stuck after 1 s. */
public final class TestServer implements AutoCloseable {

    public static final String ADMIN_TOKEN = "test-admin-token-0123";

    private final EventBroker broker;
    private final ArenaServer server;
    private final Path dir;

    public TestServer(Path dir) throws Exception {
        this.dir = dir;
        Map<String, String> env = new HashMap<>();
        env.put("ARENA_HTTP_PORT", "0");
        env.put("ARENA_DB", dir.resolve("arena.duckdb").toString());
        env.put("ARENA_ADMIN_TOKEN", ADMIN_TOKEN);
        env.put("ARENA_FORK_STUCK_AFTER", "1s");
        env.put("ARENA_AUDIT_LOG", dir.resolve("server-audit.jsonl").toString());
        ArenaConfig config = ArenaConfig.from(env);
        broker = new InProcessEventBroker(config.brokerSettings(), Clock.systemUTC());
        ForkService forks = new ForkService(broker, Clock.systemUTC(), Ticker.system(), Duration.ofSeconds(1), true, 0.0, 2);
        server = ArenaServer.builder(config).broker(broker).forkService(forks).allowFaultInjection(true)
                .forkShutdownTimeout(Duration.ofSeconds(3)).shutdownStepTimeout(Duration.ofSeconds(3)).build().start();
    }

    public String url() {
        return server.url();
    }

    public EventBroker broker() {
        return broker;
    }

    /** The environment a diag command in the server's shell would have (same backend, admin token). */
    public Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("ARENA_SERVER_URL", url());
        env.put("ARENA_ADMIN_TOKEN", ADMIN_TOKEN);
        env.put("ARENA_AUDIT_LOG", dir.resolve("diag-audit.jsonl").toString());
        env.put("ARENA_FORK_STUCK_AFTER", "1s");
        return env;
    }

    /** A finished run with {@code events} events after run.start. */
    public RunId finishedRun(int events) {
        RunId run = RunId.random();
        broker.openRun(run, Map.of("test", true)).join();
        for (int i = 0; i < events; i++) {
            broker.publish(run, Event.of("agent.signal", Map.of("i", i))).join();
        }
        broker.closeRun(run, RunOutcome.COMPLETE, Map.of()).join();
        return run;
    }

    @Override
    public void close() {
        server.close();
        broker.close();
    }
}
