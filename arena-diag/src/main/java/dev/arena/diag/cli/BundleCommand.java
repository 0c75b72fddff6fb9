package dev.arena.diag.cli;

import dev.arena.broker.RunId;
import dev.arena.config.ArenaConfig;
import dev.arena.config.ConfigException;
import dev.arena.config.RedisUrl;
import dev.arena.diag.DiagException;
import dev.arena.diag.bundle.BugBundle;
import dev.arena.diag.bundle.BundlePart;
import dev.arena.diag.cli.support.Counts;
import dev.arena.diag.cli.support.ExitCodes;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code arena diag bundle <run> [-f FILE]}: one archive with everything a stuck-run bug report needs. */
@Command(
        name = "bundle",
        description = {
            "Write one zip with everything a stuck-run bug report needs (runbooks/stuck-fork.md, \"File the bug\"):",
            "triage, run detail, the last events, the fork task and its stack, metrics over a window, doctor,",
            "the run's Redis keys (TYPE/PTTL, XINFO) and CLIENT LIST, health and versions, the configuration with secrets masked,",
            "the audit tail, and manifest.json (what each file is; what could not be collected and why).",
            "Written 0600, atomically; no password or token inside. Exit 0 complete, 1 some parts missing, 3 not written."
        })
final class BundleCommand implements Callable<Integer> {

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /** The shared diag flags; {@link DiagCommand} adds them to this command's spec. */
    final DiagOptions options = new DiagOptions();

    @Parameters(index = "0", paramLabel = "RUN", description = "Run id (lower-case UUID).")
    String run;

    @Option(
            names = {"-f", "--file"},
            paramLabel = "FILE",
            description =
                    "Where to write the zip. Default: arena-bundle-<run prefix>-<UTC time>.zip in the current directory.")
    Path file;

    @Option(
            names = "--window",
            paramLabel = "DURATION",
            defaultValue = "2s",
            description = "How long to observe the run and the metrics (0 to 1m). Default: ${DEFAULT-VALUE}.")
    Duration window;

    @Option(
            names = "--events",
            paramLabel = "N",
            defaultValue = "1000",
            converter = EventsRange.class,
            description = "How many of the run's newest events to include (1 to 10000). Default: ${DEFAULT-VALUE}.")
    int events;

    /** {@code --events}: 1 to 10000. */
    static final class EventsRange implements picocli.CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return Counts.parse(value, 1, 10_000);
        }
    }

    @Override
    public Integer call() {
        return options.execute(false, this::body);
    }

    private int body(Invocation inv) {
        RunId id = RunId.parse(run);
        if (window.isNegative() || window.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("--window must be between 0 and 1m");
        }
        Instant now = inv.clock().instant();
        String folder = "arena-bundle-" + id.prefix() + "-" + STAMP.format(now);
        Path target = file != null ? file : Path.of(folder + ".zip");
        if (inv.tty() && !inv.json()) {
            inv.err().print(inv.style().dim("collecting (observing for " + window.toMillis() + " ms) …\r"));
            inv.err().flush();
        }
        List<BundlePart> parts = new BugBundle(inv.sources(), inv.env(), window, events, inv.clock()).collect(id);
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("bundle", "arena diag bundle");
        header.put("run_id", id.value());
        header.put("created_at", now.toString());
        header.put("window_ms", window.toMillis());
        header.put("server", inv.context().serverUrl());
        header.put("redis", inv.sources().redisSelected() ? inv.context().maskedRedisUrl() : null);
        BundleArchive.Result r;
        try {
            r = BundleArchive.write(target, folder, header, parts, secrets(inv));
        } catch (IOException e) {
            throw new DiagException(
                    "cannot write the bundle to " + target + ": " + e.getMessage()
                            + " (choose a writable place with -f FILE)",
                    e);
        }
        int code = r.missing().isEmpty() ? ExitCodes.OK : ExitCodes.WARNING;
        if (inv.json()) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("file", r.file().toString());
            out.put("bytes", r.bytes());
            out.put("files", r.files());
            out.put("missing", r.missing());
            inv.printJson(out);
            return code;
        }
        inv.out()
                .println("wrote " + r.file() + " (" + r.bytes() + " bytes, mode 0600): "
                        + r.files().size() + " files");
        Table t = new Table("FILE", "BYTES", "WHAT");
        r.files().forEach(w -> t.row(w.name(), w.bytes(), w.what()));
        inv.out().print(t.render());
        if (!r.missing().isEmpty()) {
            inv.out().println("not collected:");
            r.missing().forEach(m -> inv.out().println("  " + m.name() + ": " + m.why()));
        }
        return code;
    }

    /** Everything that must not appear in the bundle: the Redis and store passwords of this shell and the admin token. */
    private static List<String> secrets(Invocation inv) {
        List<String> out = new ArrayList<>();
        out.add(RedisUrl.passwordOf(inv.context().redisUrl()));
        out.add(inv.env().get("REDIS_PASSWORD"));
        if (inv.env().get("REDIS_URL") != null) {
            out.add(RedisUrl.passwordOf(inv.env().get("REDIS_URL")));
        }
        out.add(inv.context().adminToken().orElse(null));
        try {
            out.add(ArenaConfig.store(inv.env()).password().orElse(null));
        } catch (ConfigException e) {
            out.add(null); // an ARENA_DB that does not parse is shown masked by the bundle's config section
        }
        out.removeIf(s -> s == null || s.isEmpty());
        return out;
    }
}
