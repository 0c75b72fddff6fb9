package dev.arena.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionSpec;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * The least a process on the CLI's stack must do to answer {@code arena diag metrics --server URL}, and so the floor
 * of that command's start-up on this JVM: picocli parses {@code diag metrics --server URL} against a model as large as
 * the real one (declared without annotations, as the real one is), OkHttp sends one {@code GET /metrics} over
 * cleartext, Jackson's streaming parser reads the answer into a record, and the counters are printed. No configuration,
 * no styles, no error handling. Run it with the launcher's JVM flags and an AppCDS archive of its own:
 *
 * <pre>
 * CP=arena-bench/target/arena-bench-0.1.0-SNAPSHOT.jar:arena-cli/target/arena.jar
 * FLAGS="-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto -XX:+UnlockDiagnosticVMOptions -XX:ArchiveRelocationMode=0"
 * java $FLAGS -XX:ArchiveClassesAtExit=/tmp/floor.jsa -cp "$CP" dev.arena.bench.StartupFloor diag metrics --server URL
 * java $FLAGS -XX:SharedArchiveFile=/tmp/floor.jsa -cp "$CP" dev.arena.bench.StartupFloor diag metrics --server URL
 * </pre>
 *
 * and time the second command whole, beside {@code ./arena diag metrics --server URL}. The libraries come from the
 * runnable jar, as the CLI's do: its picocli is compiled for Java 17, which class-data sharing can archive (the
 * published Java 5 jar it cannot), and two jars keep the class path as short as the CLI's (picocli looks for a class
 * that is on neither, which opens every jar on the path). Class-data sharing archives classes from jars only, hence the
 * bench jar rather than {@code target/classes}.
 */
public final class StartupFloor {

    /** The answer, as the wire model has it (the fields the printout uses). */
    record Metrics(
            long eventsPublished,
            long eventsStreamed,
            long streamsDropped,
            long runsOpen,
            long subscribers,
            long forkTasksRunning,
            long forkTasksStuck,
            long runsLost,
            String backend,
            Instant ts) {}

    private StartupFloor() {}

    public static void main(String[] args) throws IOException {
        ParseResult metrics = model().parseArgs(args).subcommand().subcommand();
        String server = metrics.matchedOptionValue("--server", "http://127.0.0.1:8000");
        Duration timeout = metrics.matchedOptionValue("--timeout", Duration.ofSeconds(5));
        OkHttpClient http = new OkHttpClient.Builder()
                .connectionSpecs(List.of(ConnectionSpec.CLEARTEXT))
                .connectTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .callTimeout(timeout.toMillis() * 2, TimeUnit.MILLISECONDS)
                .retryOnConnectionFailure(false)
                .build();
        String body;
        try (Response response = http.newCall(new Request.Builder()
                                .url(server.concat("/metrics"))
                                .get()
                                .build())
                        .execute();
                ResponseBody content = response.body()) {
            body = content.string();
        }
        Metrics m = read(body);
        PrintWriter out = new PrintWriter(System.out, false, StandardCharsets.UTF_8);
        out.print("source server (");
        out.print(server);
        out.print("), backend ");
        out.print(m.backend());
        out.print(", at ");
        out.println(m.ts());
        out.println("COUNTER                    VALUE");
        row(out, "events_published", m.eventsPublished());
        row(out, "events_streamed", m.eventsStreamed());
        row(out, "streams_dropped", m.streamsDropped());
        row(out, "runs_open", m.runsOpen());
        row(out, "subscribers", m.subscribers());
        row(out, "fork_tasks_running", m.forkTasksRunning());
        row(out, "fork_tasks_stuck", m.forkTasksStuck());
        row(out, "runs_lost", m.runsLost());
        out.println("status OK");
        out.flush();
        System.exit(0);
    }

    /** {@code arena diag metrics} with the options the real command has, through picocli's programmatic model. */
    private static CommandLine model() {
        CommandSpec root = CommandSpec.create().name("arena");
        root.addOption(OptionSpec.builder("-h", "--help")
                .type(boolean.class)
                .usageHelp(true)
                .build());
        root.addOption(OptionSpec.builder("-V", "--version")
                .type(boolean.class)
                .versionHelp(true)
                .build());
        CommandSpec metrics = CommandSpec.create().name("metrics");
        for (String name : List.of("--server", "--redis", "--token", "--admin-token", "--color")) {
            metrics.addOption(OptionSpec.builder(name).type(String.class).build());
        }
        metrics.addOption(OptionSpec.builder("-o", "--output")
                .type(String.class)
                .defaultValue("table")
                .build());
        metrics.addOption(OptionSpec.builder("--debug").type(boolean.class).build());
        metrics.addOption(
                OptionSpec.builder("-w", "--watch").type(boolean.class).build());
        metrics.addOption(
                OptionSpec.builder("--count").type(int.class).defaultValue("0").build());
        for (String name : List.of("--timeout", "--interval")) {
            metrics.addOption(OptionSpec.builder(name)
                    .type(Duration.class)
                    .defaultValue("PT5S")
                    .converters(Duration::parse)
                    .build());
        }
        CommandLine diag = new CommandLine(CommandSpec.create().name("diag"));
        diag.addSubcommand("metrics", new CommandLine(metrics));
        CommandLine cl = new CommandLine(root);
        cl.addSubcommand("diag", diag);
        return cl;
    }

    private static Metrics read(String body) throws IOException {
        Map<String, Object> fields = new HashMap<>();
        try (JsonParser p = new JsonFactory().createParser(body)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                fields.put(
                        name,
                        switch (value) {
                            case VALUE_NUMBER_INT -> p.getLongValue();
                            case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
                            case VALUE_NULL -> null;
                            default -> p.getText();
                        });
            }
        }
        return new Metrics(
                count(fields, "events_published"),
                count(fields, "events_streamed"),
                count(fields, "streams_dropped"),
                count(fields, "runs_open"),
                count(fields, "subscribers"),
                count(fields, "fork_tasks_running"),
                count(fields, "fork_tasks_stuck"),
                count(fields, "runs_lost"),
                (String) fields.get("backend"),
                Instant.parse((String) fields.get("ts")));
    }

    private static long count(Map<String, Object> fields, String name) {
        Object value = fields.get(name);
        return value == null ? 0 : ((Number) value).longValue();
    }

    private static void row(PrintWriter out, String name, long value) {
        out.print(name);
        out.print(" ".repeat(27 - name.length()));
        out.println(value);
    }
}
