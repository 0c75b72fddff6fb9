package dev.arena.app;

import dev.arena.broker.BrokerException;
import dev.arena.broker.Brokers;
import dev.arena.broker.EventBroker;
import dev.arena.config.ArenaConfig;
import dev.arena.config.ConfigException;
import dev.arena.diag.cli.support.ExitCodes;
import dev.arena.error.BackendUnavailableException;
import dev.arena.time.Ticker;
import dev.arena.traffic.ForkLauncher;
import dev.arena.traffic.HttpForkLauncher;
import dev.arena.traffic.Race;
import dev.arena.traffic.RaceOptions;
import dev.arena.traffic.RaceProgress;
import dev.arena.traffic.RaceResult;
import dev.arena.wire.Backend;
import java.io.Console;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code arena race}: the load generator. N synthetic runs at a target total event rate for a
 * duration through the broker the environment selects, optionally forking some of them through
 * the server. A progress bar on a terminal, one summary line either way. Exit 0 when nothing
 * failed, 1 when publishes or forks failed, 3 on bad options/configuration or an unreachable
 * broker. Ctrl-C ends the race early and still closes every run.
 */
@Command(
        name = "race",
        mixinStandardHelpOptions = true,
        description = {
            "Load generator: N concurrent synthetic runs at a target event rate for a duration, "
                    + "optionally forking some through the server.",
            "Forks need ARENA_BROKER_BACKEND=redis on the same Redis as the server. Exit 0 when nothing failed, "
                    + "1 when publishes or forks failed, 3 on bad options or an unreachable broker."
        })
public final class RaceCommand implements Callable<Integer> {

    private static final int BAR = 16;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--runs",
            paramLabel = "N",
            defaultValue = "10",
            description = "Concurrent runs (default ${DEFAULT-VALUE}).")
    int runs;

    @Option(
            names = "--rate",
            paramLabel = "EV_PER_S",
            defaultValue = "1000",
            description = "Target events per second over all runs together (default ${DEFAULT-VALUE}).")
    double rate;

    @Option(
            names = "--duration",
            paramLabel = "DURATION",
            defaultValue = "30s",
            description = "How long to publish: 500ms, 30s, 5m or ISO-8601 (default ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(
            names = "--forks",
            paramLabel = "N",
            defaultValue = "0",
            description = "Forks to request through the server, spread over the duration (default ${DEFAULT-VALUE}).")
    int forks;

    @Option(
            names = "--server",
            paramLabel = "URL",
            description = "Server for --forks (default ARENA_SERVER_URL, http://127.0.0.1:8000).")
    String server;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the synthetic runs (default: random).")
    Long seed;

    private final Map<String, String> env;
    private final BooleanSupplier terminal;

    public RaceCommand() {
        this(System.getenv(), RaceCommand::onTerminal);
    }

    /** For tests: an explicit environment and whether output goes to a terminal. */
    public RaceCommand(Map<String, String> env, BooleanSupplier terminal) {
        this.env = Map.copyOf(env);
        this.terminal = terminal;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        RaceOptions options;
        ArenaConfig config;
        ForkLauncher launcher = ForkLauncher.NONE;
        try {
            options = new RaceOptions(
                    runs,
                    rate,
                    duration,
                    forks,
                    seed != null ? seed : ThreadLocalRandom.current().nextLong());
            config = ArenaConfig.from(env);
            if (forks > 0) {
                if (config.backend() == Backend.INPROCESS) {
                    err.println(
                            "arena race: --forks needs the server to see the race's runs, but ARENA_BROKER_BACKEND is "
                                    + "inprocess (runs visible only inside this process). Set ARENA_BROKER_BACKEND=redis and the "
                                    + "server's REDIS_URL, or drop --forks.");
                    return ExitCodes.UNKNOWN;
                }
                launcher = new HttpForkLauncher(server != null ? server : config.serverUrl());
            }
        } catch (ConfigException | IllegalArgumentException e) {
            err.println("arena race: " + e.getMessage());
            return ExitCodes.UNKNOWN;
        }
        EventBroker broker;
        try {
            broker = Brokers.fromConfig(config, "arena-cli");
        } catch (BrokerException | BackendUnavailableException e) {
            err.println("arena race: cannot reach the broker: " + SmokeCommand.masked(e.getMessage(), env));
            return ExitCodes.UNKNOWN;
        }
        try (broker) {
            if ("inprocess".equals(broker.backend())) {
                err.println(SmokeCommand.IN_PROCESS_WARNING);
            }
            boolean tty = terminal.getAsBoolean();
            Consumer<RaceProgress> listener = tty ? p -> bar(out, p) : p -> {};
            RaceResult result = runStoppable(new Race(broker, Ticker.system(), options, launcher, listener));
            if (tty) {
                out.println();
            }
            out.println(summary(result, broker.backend()));
            out.flush();
            return result.clean() ? ExitCodes.OK : ExitCodes.WARNING;
        } catch (BrokerException | BackendUnavailableException e) {
            err.println("arena race: " + SmokeCommand.masked(e.getMessage(), env));
            return ExitCodes.UNKNOWN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("arena race: interrupted; its runs were closed run.cancelled");
            return ExitCodes.UNKNOWN;
        }
    }

    /**
     * True when both stdin and stdout are a terminal. From Java 22 {@code System.console()} is
     * non-null even when piped, so {@code Console.isTerminal()} is asked where it exists.
     */
    static boolean onTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (NoSuchMethodException beforeJava22) {
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    /** Runs the race; Ctrl-C (a JVM shutdown) stops it early and waits, bounded, for the runs to close. */
    private static RaceResult runStoppable(Race race) throws InterruptedException {
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(
                () -> {
                    race.stop();
                    try {
                        finished.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "arena-race-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return race.run();
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it has just been released
            }
        }
    }

    /** One line under 80 columns, redrawn in place with a carriage return. */
    static String bar(RaceProgress p) {
        int filled = (int) Math.round(p.fraction() * BAR);
        int forksTried = p.forksStarted() + p.forkFailures();
        return String.format(
                Locale.ROOT,
                "\r[%s%s] %3d%% %5.1f/%.0fs %s ev %s/s %s fail%s ",
                "#".repeat(filled),
                "-".repeat(BAR - filled),
                Math.round(p.fraction() * 100),
                p.elapsed().toMillis() / 1000.0,
                p.duration().toMillis() / 1000.0,
                compact(p.events()),
                compact(Math.round(p.rate())),
                compact(p.failures() + p.forkFailures()),
                forksTried == 0 ? "" : " forks " + p.forksStarted() + "/" + forksTried);
    }

    private static String compact(long n) {
        if (n < 100_000) {
            return Long.toString(n);
        }
        return n < 100_000_000
                ? String.format(Locale.ROOT, "%.1fk", n / 1e3)
                : String.format(Locale.ROOT, "%.1fM", n / 1e6);
    }

    private static void bar(PrintWriter out, RaceProgress p) {
        String line = bar(p);
        synchronized (out) {
            out.print(line);
            out.flush();
        }
    }

    static String summary(RaceResult r, String backend) {
        return String.format(
                Locale.ROOT,
                "race: %d runs, %d events in %.1fs = %.1f ev/s (target %.0f), %d publish failures, forks %d started / %d failed,"
                        + " backend %s%s",
                r.runs(),
                r.events(),
                r.publishWindow().toMillis() / 1000.0,
                r.achievedRate(),
                r.targetRate(),
                r.failures(),
                r.forksStarted(),
                r.forkFailures(),
                backend,
                r.stoppedEarly() ? " (stopped early)" : "");
    }
}
