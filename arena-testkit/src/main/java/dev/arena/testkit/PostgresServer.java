package dev.arena.testkit;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real, private PostgreSQL for one test class: {@code initdb} in its own temporary directory, a
 * postmaster listening on 127.0.0.1 only at a free port (never the machine's 5432), its unix socket
 * in that directory, one database and one password-protected user.
 *
 * <p>TCP connections authenticate with the password (scram-sha-256), so tests see what a real
 * deployment sees, including a wrong password being refused; the fixture itself works over the
 * unix socket (trust). PostgreSQL refuses to run as root, so when the tests run as root every
 * PostgreSQL binary runs as the {@code postgres} user through {@code runuser}, and the directory is
 * handed to that user. Tests fail (never skip) when PostgreSQL is not installed; the message says
 * how to install it. {@link #close()} stops the server ({@code pg_ctl stop -m immediate}) and
 * deletes its directory; a JVM shutdown hook does the same for a server a test forgot to close.
 * Not thread-safe.
 */
public final class PostgresServer implements AutoCloseable {

    static final String HOW_TO_GET_POSTGRES =
            "PostgreSQL's initdb was found neither on PATH nor under /usr/lib/postgresql/<version>/bin. "
                    + "Arena's store tests run a private PostgreSQL: install it with 'apt-get install -y postgresql' "
                    + "(Debian/Ubuntu) or 'brew install postgresql' (macOS), or run CI's script '.ci/run' which installs it.";
    private static final List<String> POSTGRES_DIRS =
            List.of("/usr/lib/postgresql/*/bin", "/usr/local/pgsql/bin", "/usr/local/bin", "/opt/homebrew/bin");
    private static final List<String> SYSTEM_DIRS = List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin");
    /** The user PostgreSQL's binaries run as when the tests run as root (Debian's package creates it). */
    private static final String SERVICE_USER = "postgres";

    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(90);

    private final Path bin;
    private final Path dir;
    private final Path data;
    private final List<String> runAs;
    private final int port;
    private final String user;
    private final String password;
    private final String database;
    private final Teardown teardown;
    private boolean running;

    private PostgresServer(
            Path bin, Path dir, List<String> runAs, int port, String user, String password, String database) {
        this.bin = bin;
        this.dir = dir;
        this.data = dir.resolve("data");
        this.runAs = List.copyOf(runAs);
        this.port = port;
        this.user = user;
        this.password = password;
        this.database = database;
        this.teardown = new Teardown("postgres-teardown", this::stopAndDelete);
    }

    /** Starts a server with user and database {@code arena} and a random password. */
    public static PostgresServer startNew() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Names and password of a private PostgreSQL. */
    public static final class Builder {
        private String user = "arena";
        private String password = "pw-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(8));
        private String database = "arena";

        private Builder() {}

        /** The (super)user tests connect as (default {@code arena}). */
        public Builder user(String user) {
            this.user = requireName("user", user);
            return this;
        }

        /** That user's password (default: a random one, see {@link PostgresServer#password()}). */
        public Builder password(String password) {
            if (password == null || password.isEmpty() || password.contains("\n")) {
                throw new IllegalArgumentException("the password must be one non-empty line");
            }
            this.password = password;
            return this;
        }

        /** The database created at start (default {@code arena}). */
        public Builder database(String database) {
            this.database = requireName("database", database);
            return this;
        }

        /** Creates the cluster directory, starts the server and creates the database. */
        public PostgresServer start() {
            Path initdb = Binaries.find("initdb", POSTGRES_DIRS)
                    .orElseThrow(() -> new IllegalStateException(HOW_TO_GET_POSTGRES));
            Path bin = realParent(initdb);
            Path dir = TempDirs.create("arena-postgres-");
            PostgresServer server;
            try {
                server = new PostgresServer(bin, dir, runAsFor(dir), FreePorts.loopback(), user, password, database);
            } catch (RuntimeException e) {
                TempDirs.deleteQuietly(dir);
                throw e;
            }
            try {
                server.initialise();
                server.start();
                server.createDatabase(database);
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
            return server;
        }
    }

    /** (Re)starts the server on its port and waits until it accepts connections. */
    public void start() {
        if (running) {
            return;
        }
        run("pg_ctl", "-D", data.toString(), "-l", logFile().toString(), "-w", "-t", "60", "start");
        running = true;
    }

    /** Stops the server ({@code pg_ctl stop -m fast}) keeping its data, so {@link #start()} brings it back. */
    public void stop() {
        if (!running) {
            return;
        }
        run("pg_ctl", "-D", data.toString(), "-m", "fast", "-w", "stop");
        running = false;
    }

    public boolean isRunning() {
        return running;
    }

    /** Creates another empty database owned by {@link #user()}, e.g. one per test. */
    public void createDatabase(String name) {
        requireName("database", name);
        run("createdb", "-h", dir.toString(), "-p", Integer.toString(port), "-U", user, name);
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return port;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /** The database created at start. */
    public String database() {
        return database;
    }

    /** {@code jdbc:postgresql://127.0.0.1:port/database}; credentials go separately ({@link #user()}, {@link #password()}). */
    public String jdbcUrl() {
        return jdbcUrl(database);
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host() + ":" + port + "/" + database;
    }

    /** {@code postgresql://user:password@127.0.0.1:port/database}, the form {@code ARENA_DB} takes. */
    public String url() {
        return url(database);
    }

    public String url(String database) {
        return "postgresql://" + user + ":"
                + URLEncoder.encode(password, StandardCharsets.UTF_8).replace("+", "%20") + "@" + host() + ":" + port
                + "/" + database;
    }

    /** The server's own log, for failure messages. */
    public String log() {
        try {
            return Files.readString(logFile());
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Stops the server at once ({@code pg_ctl stop -m immediate}) and deletes its directory. Idempotent. */
    @Override
    public void close() {
        teardown.run();
    }

    /** The directory holding the data, socket and log; gone after {@link #close()}. */
    Path directory() {
        return dir;
    }

    private void initialise() {
        Path pwfile = dir.resolve("pwfile");
        try {
            Files.writeString(pwfile, password + "\n");
            Files.setPosixFilePermissions(pwfile, PosixFilePermissions.fromString("rw-------"));
            handOver(pwfile);
            run(
                    "initdb",
                    "-D",
                    data.toString(),
                    "-U",
                    user,
                    "--pwfile=" + pwfile,
                    "-E",
                    "UTF8",
                    "--no-locale",
                    "--no-sync",
                    "--auth-local=trust",
                    "--auth-host=scram-sha-256");
            Files.writeString(
                    data.resolve("postgresql.conf"),
                    String.join(
                            "\n",
                            "",
                            "# arena-testkit: a private server on loopback, its socket in its own directory",
                            "listen_addresses = '127.0.0.1'",
                            "port = " + port,
                            "unix_socket_directories = '" + dir + "'",
                            "fsync = off",
                            "synchronous_commit = off",
                            "full_page_writes = off",
                            ""),
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new IllegalStateException("cannot prepare PostgreSQL's directory " + dir + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(pwfile);
            } catch (IOException ignored) {
                // deleted with the directory at close
            }
        }
    }

    private void stopAndDelete() {
        if (running) {
            try {
                run("pg_ctl", "-D", data.toString(), "-m", "immediate", "-w", "stop");
            } catch (RuntimeException e) {
                postmasterPid().flatMap(ProcessHandle::of).ifPresent(ProcessHandle::destroyForcibly);
            }
            running = false;
        }
        TempDirs.deleteQuietly(dir);
    }

    private Optional<Long> postmasterPid() {
        try (Stream<String> lines = Files.lines(data.resolve("postmaster.pid"))) {
            return lines.findFirst().map(String::strip).map(Long::parseLong);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private Path logFile() {
        return dir.resolve("postgres.log");
    }

    /** Runs one PostgreSQL binary (as the service user when we are root) and fails with its output if it fails. */
    private void run(String tool, String... args) {
        Path binary = bin.resolve(tool);
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException(
                    tool + " is missing beside " + bin.resolve("initdb") + ". " + HOW_TO_GET_POSTGRES);
        }
        List<String> command = new ArrayList<>(runAs);
        command.add(binary.toString());
        command.addAll(List.of(args));
        Path output = dir.resolve(tool + ".out");
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("PG"));
        try {
            Process process = builder.start();
            if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish in "
                        + COMMAND_TIMEOUT.toSeconds() + " s:\n" + read(output) + "\n" + log());
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed with exit code "
                        + process.exitValue() + ":\n" + read(output) + "\nserver log:\n" + log());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + tool, e);
        }
    }

    private void handOver(Path path) throws IOException {
        if (!runAs.isEmpty()) {
            Files.setOwner(path, serviceUser(path));
        }
    }

    /**
     * Nothing when we are not root; else the {@code runuser} prefix that runs PostgreSQL's binaries
     * as the service user, after handing {@code dir} to that user.
     */
    private static List<String> runAsFor(Path dir) {
        try {
            if (!Integer.valueOf(0).equals(Files.getAttribute(dir, "unix:uid"))) {
                return List.of();
            }
            Files.setOwner(dir, serviceUser(dir));
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot hand " + dir + " to the user '" + SERVICE_USER + "': " + e.getMessage(), e);
        }
        Path runuser = Binaries.find("runuser", SYSTEM_DIRS)
                .orElseThrow(() -> new IllegalStateException(
                        "the tests run as root, which PostgreSQL refuses, and 'runuser' (util-linux) is missing to run it as '"
                                + SERVICE_USER + "': install util-linux or run the tests as another user"));
        return List.of(runuser.toString(), "-u", SERVICE_USER, "--");
    }

    private static UserPrincipal serviceUser(Path path) throws IOException {
        try {
            return path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(SERVICE_USER);
        } catch (UserPrincipalNotFoundException e) {
            throw new IllegalStateException(
                    "the tests run as root, which PostgreSQL refuses, and there is no user '" + SERVICE_USER
                            + "' to run it as: 'apt-get install -y postgresql' creates it (or run the tests as another user)",
                    e);
        }
    }

    private static Path realParent(Path binary) {
        try {
            return binary.toRealPath().getParent();
        } catch (IOException e) {
            return binary.getParent();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    private static String requireName(String what, String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "a " + what + " name must match " + NAME + " (no quoting needed): '" + name + "'");
        }
        return name;
    }
}
