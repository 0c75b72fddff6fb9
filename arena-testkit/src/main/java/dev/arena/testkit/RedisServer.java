package dev.arena.testkit;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A real, private {@code redis-server} for one test class: started on a free loopback port
 * with its own temporary directory, never the machine's shared Redis on 6379.
 *
 * <p>Tests that need Redis fail (never skip) when no {@code redis-server} binary is on PATH;
 * the message says how to install one. {@link #stop()} and {@link #start()} may be called
 * repeatedly on the same port to simulate an outage. Not thread-safe.
 */
public final class RedisServer implements AutoCloseable {

    static final String HOW_TO_GET_REDIS =
            "redis-server was not found on PATH. Arena's Redis tests talk to a real Redis: "
                    + "install it with 'apt-get install -y redis-server redis-tools' (Debian/Ubuntu) or "
                    + "'brew install redis' (macOS), or run CI's script '.ci/run' which installs it.";
    private static final List<String> REDIS_DIRS = List.of("/usr/bin", "/usr/local/bin", "/opt/homebrew/bin");

    private int port;
    private String host = "127.0.0.1";
    private final String password;
    private final List<String> extraArgs;
    private final Path dir;
    private Process process;

    private RedisServer(int port, String password, List<String> extraArgs) {
        this.port = port;
        this.password = password;
        this.extraArgs = List.copyOf(extraArgs);
        this.dir = TempDirs.create("arena-redis-");
    }

    /** Starts a password-less server on a free loopback port. */
    public static RedisServer startNew() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Options for a private Redis. */
    public static final class Builder {
        private static final int PORT_ATTEMPTS = 3;
        private String password;
        private final List<String> extraArgs = new ArrayList<>();
        private int port;

        /** Starts the server with {@code --requirepass}. */
        public Builder password(String password) {
            this.password = password;
            return this;
        }

        /** Extra {@code --name value} arguments for redis-server. */
        public Builder arg(String name, String value) {
            extraArgs.add(name);
            extraArgs.add(value);
            return this;
        }

        /** A fixed port (default: a free one). */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /**
         * Starts the server. A free port chosen here can be taken by another process before
         * redis-server binds it; then another free port is tried (at most {@value #PORT_ATTEMPTS} in all).
         */
        public RedisServer start() {
            for (int attempt = 1; ; attempt++) {
                RedisServer server = new RedisServer(port == 0 ? freePort() : port, password, extraArgs);
                try {
                    server.start();
                    return server;
                } catch (RuntimeException e) {
                    boolean portTaken = server.log().contains("Address already in use");
                    server.close();
                    if (port != 0 || !portTaken || attempt == PORT_ATTEMPTS) {
                        throw e;
                    }
                }
            }
        }
    }

    /** (Re)starts the server on its port and waits until it answers PING. */
    public void start() {
        if (isRunning()) {
            return;
        }
        String binary = findRedisServerOrNull();
        if (binary == null) {
            startContainer();
            return;
        }
        List<String> cmd = new ArrayList<>(List.of(
                binary,
                "--port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                dir.toString(),
                "--protected-mode",
                "no",
                "--daemonize",
                "no",
                "--logfile",
                dir.resolve("redis.log").toString()));
        if (password != null) {
            cmd.add("--requirepass");
            cmd.add(password);
        }
        cmd.addAll(extraArgs);
        try {
            process = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("stdout.log").toFile())
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException(HOW_TO_GET_REDIS, e);
        }
        awaitReady(Duration.ofSeconds(15));
    }

    /** Kills the server abruptly (SIGKILL), as a crash or network loss would look to clients. */
    public void kill() {
        stopContainer();
        if (process != null) {
            process.destroyForcibly();
            waitFor(process);
            process = null;
        }
    }

    /** Stops the server (SIGTERM) and waits for it to exit. */
    public void stop() {
        stopContainer();
        if (process != null) {
            process.destroy();
            waitFor(process);
            process = null;
        }
    }

    public boolean isRunning() {
        return (process != null && process.isAlive()) || (container != null && container.isRunning());
    }

    private void stopContainer() {
        if (container != null) {
            container.stop();
            container = null;
        }
    }

    public int port() {
        return port;
    }

    public String host() {
        return host;
    }

    /** The password the server requires, or null. */
    public String password() {
        return password;
    }

    /** A {@code redis://} URL for this server, with the password when one is set. */
    public String url() {
        String auth = password == null ? "" : ":" + URLEncoder.encode(password, StandardCharsets.UTF_8) + "@";
        return "redis://" + auth + host() + ":" + port + "/0";
    }

    /** The server's own log, for failure messages. */
    public String log() {
        try {
            return Files.readString(dir.resolve("redis.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /**
     * Sends one command over a fresh plain socket and returns the first reply line.
     * Enough for fixtures (PING, FLUSHALL, CONFIG SET); tests use a real client for everything else.
     */
    public String command(String... args) {
        try (RespConnection c = RespConnection.open(host(), port, null, Duration.ofSeconds(5))) {
            if (password != null) {
                c.callForFirstLine("AUTH", password);
            }
            return c.callForFirstLine(args);
        }
    }

    /** A fresh authenticated connection for fixtures that need whole replies; the caller closes it. */
    RespConnection connect(Duration timeout) {
        return RespConnection.open(host(), port, password, timeout);
    }

    /** Deletes every key of this private server (never the shared one). */
    public void flushAll() {
        command("FLUSHALL");
    }

    @Override
    public void close() {
        stop();
        TempDirs.deleteQuietly(dir);
    }

    /**
     * Waits until the server started here answers PING. A PONG alone does not say whose it is: when the
     * port was taken before this server could bind it, another redis-server answers (and may stop
     * under this one's clients at any time), so the answering process must be the one started here.
     */
    private void awaitReady(Duration timeout) {
        Polling.await(
                timeout,
                "redis-server on port " + port + " answering PING",
                () -> {
                    if (process != null && !process.isAlive()) {
                        throw new Polling.Fatal("redis-server exited at start-up (port " + port + ")");
                    }
                    String reply = command("PING");
                    if (!"+PONG".equals(reply)) {
                        return "PING answered " + reply;
                    }
                    if (process == null) {
                        return null; // a container: its mapped port is its own
                    }
                    long answering = answeringPid();
                    return answering == process.pid()
                            ? null
                            : "port " + port + " is answered by another redis-server (pid " + answering
                                    + "), not the one started here (pid " + process.pid() + ")";
                },
                this::log);
    }

    /** The process id the server on this port reports ({@code INFO server}). */
    private long answeringPid() {
        try (RespConnection c = connect(Duration.ofSeconds(5))) {
            return c.callForText("INFO", "server")
                    .lines()
                    .filter(l -> l.startsWith("process_id:"))
                    .mapToLong(l ->
                            Long.parseLong(l.substring("process_id:".length()).trim()))
                    .findFirst()
                    .orElse(-1);
        }
    }

    private GenericContainer<?> container;

    /**
     * No local binary: use Testcontainers when a Docker engine answers, else fail with how to get Redis.
     * A container maps its own port, so after {@link #stop()} and {@link #start()} the port may differ:
     * outage tests read {@link #port()} again after a restart.
     */
    private void startContainer() {
        boolean docker;
        try {
            docker = DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            docker = false;
        }
        if (!docker) {
            throw new IllegalStateException(
                    HOW_TO_GET_REDIS + " (no Docker engine answered either, so Testcontainers cannot help)");
        }
        List<String> args = new ArrayList<>(List.of("redis-server", "--save", "", "--appendonly", "no"));
        if (password != null) {
            args.add("--requirepass");
            args.add(password);
        }
        args.addAll(extraArgs);
        container = new GenericContainer<>(DockerImageName.parse("redis:7.0"))
                .withExposedPorts(6379)
                .withCommand(args.toArray(String[]::new));
        container.start();
        host = container.getHost();
        port = container.getMappedPort(6379);
        awaitReady(Duration.ofSeconds(30));
    }

    static String findRedisServer() {
        String found = findRedisServerOrNull();
        if (found == null) {
            throw new IllegalStateException(HOW_TO_GET_REDIS);
        }
        return found;
    }

    static String findRedisServerOrNull() {
        return Binaries.find("redis-server", REDIS_DIRS).map(Path::toString).orElse(null);
    }

    /** A free loopback port, never 6379 (nor PostgreSQL's 5432). */
    public static int freePort() {
        return FreePorts.loopback();
    }

    private static void waitFor(Process p) {
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
