package dev.arena.app;

import dev.arena.broker.BrokerException;
import dev.arena.broker.Brokers;
import dev.arena.broker.EventBroker;
import dev.arena.broker.NullBroker;
import dev.arena.config.ArenaConfig;
import dev.arena.config.ConfigException;
import dev.arena.config.RedisUrl;
import dev.arena.config.Secrets;
import dev.arena.diag.cli.support.ExitCodes;
import dev.arena.error.BackendUnavailableException;
import dev.arena.traffic.Smoke;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code arena smoke}: publishes one synthetic run through the broker this shell's environment
 * selects and prints its id and event count — the quickest proof that a producer reaches the
 * broker the server reads. Exit 0 on success, 3 on a configuration error or an unreachable broker
 * (message only, secrets masked, no stack trace). With {@code --best-effort} it keeps the
 * publisher promise instead: broker failures are counted, not fatal (exit 1 when any happened).
 */
@Command(
        name = "smoke",
        mixinStandardHelpOptions = true,
        description = {
            "Publish one synthetic run (about 50-100 events) through the broker this environment selects, "
                    + "then print its run id and event count.",
            "ARENA_BROKER_BACKEND=redis makes the run visible to the server and other tools. Exit 0 on success, "
                    + "3 on a configuration error or an unreachable broker; with --best-effort, 1 when any write failed."
        })
public final class SmokeCommand implements Callable<Integer> {

    /** Printed when the run cannot be seen by any other process. */
    static final String IN_PROCESS_WARNING =
            "warning: ARENA_BROKER_BACKEND is inprocess, so this run lives only inside "
                    + "this process: no other process (server, diag, console) can see it. Set ARENA_BROKER_BACKEND=redis "
                    + "(and REDIS_URL or REDIS_PASSWORD) for cross-process.";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the synthetic arena (default: random).")
    Long seed;

    @Option(
            names = "--latency-scale",
            paramLabel = "X",
            defaultValue = "0.02",
            description =
                    "Share of each simulated LLM latency to really wait: 0 none, 1 realistic (default ${DEFAULT-VALUE}).")
    double latencyScale;

    @Option(
            names = "--best-effort",
            description =
                    "Keep the publisher promise: broker failures never stop the run; they are counted, and the command "
                            + "exits 1 (WARNING) when any write failed or the broker was unreachable (then events go nowhere).")
    boolean bestEffort;

    private final Map<String, String> env;

    public SmokeCommand() {
        this(System.getenv());
    }

    /** For tests: an explicit environment. */
    public SmokeCommand(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!(latencyScale >= 0) || Double.isInfinite(latencyScale)) {
            err.println("arena smoke: --latency-scale must be a number >= 0, got " + latencyScale);
            return ExitCodes.UNKNOWN;
        }
        EventBroker reached;
        try {
            reached = Brokers.fromEnvironment(env, "arena-cli");
        } catch (ConfigException e) {
            err.println("arena smoke: " + e.getMessage());
            return ExitCodes.UNKNOWN;
        } catch (BrokerException | BackendUnavailableException e) {
            err.println("arena smoke: cannot reach the broker: " + masked(e.getMessage(), env));
            if (!bestEffort) {
                return ExitCodes.UNKNOWN;
            }
            err.println("arena smoke: --best-effort: producing the run anyway; its events go nowhere (null broker)");
            reached = null;
        }
        EventBroker broker = reached != null ? reached : new NullBroker();
        try (broker) {
            if ("inprocess".equals(broker.backend())) {
                err.println(IN_PROCESS_WARNING);
            }
            long s = seed != null ? seed : ThreadLocalRandom.current().nextLong();
            Smoke.Result result = bestEffort
                    ? Smoke.bestEffort(broker, s, latencyScale).run()
                    : new Smoke(broker, s, latencyScale).run();
            out.println("run " + result.runId() + ": " + result.events() + " events published"
                    + (result.failed() > 0 ? ", " + result.failed() + " failed (best effort)" : "")
                    + ", closed run.complete"
                    + " (backend " + broker.backend() + where(broker) + ", seed " + s + ")");
            out.flush();
            return result.failed() > 0 || broker instanceof NullBroker ? ExitCodes.WARNING : ExitCodes.OK;
        } catch (BrokerException | BackendUnavailableException e) {
            err.println("arena smoke: publishing failed: " + masked(e.getMessage(), env));
            return ExitCodes.UNKNOWN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("arena smoke: interrupted; the run was closed run.cancelled");
            return ExitCodes.UNKNOWN;
        }
    }

    private String where(EventBroker broker) {
        return "redis".equals(broker.backend()) ? ", " + RedisUrl.mask(ArenaConfig.redisUrl(env)) : "";
    }

    /**
     * {@code text} with the Redis password and URL of {@code env} masked — belt and braces on top
     * of the broker's own masking, since these lines end up in CI logs.
     */
    static String masked(String text, Map<String, String> env) {
        String url = env.get("REDIS_URL");
        String password = env.get("REDIS_PASSWORD");
        String urlPassword = url == null ? null : RedisUrl.passwordOf(url.trim());
        String shown = url == null || text == null ? text : text.replace(url.trim(), RedisUrl.mask(url.trim()));
        return Secrets.scrub(shown, password, urlPassword);
    }
}
