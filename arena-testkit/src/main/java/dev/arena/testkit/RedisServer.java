package dev.arena.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real, private {@code redis-server} for one test class: started on a free loopback port
 * with its own temporary directory, never the machine's shared Redis on 6379.
 *
 * <p>Tests that need Redis fail (never skip) when no {@code redis-server} binary is on PATH;
 * the message says how to install one. {@link #stop()} and {@link #start()} may be called
 * repeatedly on the same port to simulate an outage. Not thread-safe.
 */
public final class RedisServer implements AutoCloseable {

    private static final String HOW_TO_GET_REDIS =
            "redis-server was not found on PATH. Arena's Redis tests talk to a real Redis: "
                    + "install it with 'apt-get install -y redis-server' (Debian/Ubuntu) or "
                    + "'brew install redis' (macOS), or run CI's script '.ci/run' which installs it.";

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
        try {
            this.dir = Files.createTempDirectory("arena-redis-");
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a temp dir for redis-server", e);
        }
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

        public RedisServer start() {
            RedisServer server = new RedisServer(port == 0 ? freePort() : port, password, extraArgs);
            server.start();
            return server;
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
        List<String> cmd = new ArrayList<>(List.of(binary,
                "--port", Integer.toString(port),
                "--bind", "127.0.0.1",
                "--save", "",
                "--appendonly", "no",
                "--dir", dir.toString(),
                "--protected-mode", "no",
                "--daemonize", "no",
                "--logfile", dir.resolve("redis.log").toString()));
        if (password != null) {
            cmd.add("--requirepass");
            cmd.add(password);
        }
        cmd.addAll(extraArgs);
        try {
            process = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("stdout.log").toFile()).start();
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
        String auth = password == null ? "" : ":" + java.net.URLEncoder.encode(password, StandardCharsets.UTF_8) + "@";
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
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host(), port), 1000);
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            if (password != null) {
                out.write(resp("AUTH", password));
                in.readLine();
            }
            out.write(resp(args));
            out.flush();
            return in.readLine();
        } catch (IOException e) {
            throw new IllegalStateException("redis on port " + port + " did not answer " + args[0] + ": " + e.getMessage(), e);
        }
    }

    /** Deletes every key of this private server (never the shared one). */
    public void flushAll() {
        command("FLUSHALL");
    }

    @Override
    public void close() {
        stop();
        deleteQuietly(dir);
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        IllegalStateException last = null;
        while (System.nanoTime() < deadline) {
            if (process != null && !process.isAlive()) {
                throw new IllegalStateException("redis-server exited at start-up (port " + port + "):\n" + log());
            }
            try {
                String reply = command("PING");
                if ("+PONG".equals(reply)) {
                    return;
                }
            } catch (IllegalStateException e) {
                last = e;
            }
            // Polling a process start-up with a short back-off; there is nothing to subscribe to.
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for redis-server", e);
            }
        }
        throw new IllegalStateException("redis-server on port " + port + " not ready after " + timeout + ":\n" + log(), last);
    }

    private static byte[] resp(String... args) {
        StringBuilder sb = new StringBuilder("*").append(args.length).append("\r\n");
        for (String a : args) {
            byte[] b = a.getBytes(StandardCharsets.UTF_8);
            sb.append('$').append(b.length).append("\r\n").append(a).append("\r\n");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private org.testcontainers.containers.GenericContainer<?> container;

    /**
     * No local binary: use Testcontainers when a Docker engine answers, else fail with how to get Redis.
     * A container maps its own port, so after {@link #stop()} and {@link #start()} the port may differ:
     * outage tests read {@link #port()} again after a restart.
     */
    private void startContainer() {
        boolean docker;
        try {
            docker = org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            docker = false;
        }
        if (!docker) {
            throw new IllegalStateException(HOW_TO_GET_REDIS + " (no Docker engine answered either, so Testcontainers cannot help)");
        }
        List<String> args = new ArrayList<>(List.of("redis-server", "--save", "", "--appendonly", "no"));
        if (password != null) {
            args.add("--requirepass");
            args.add(password);
        }
        args.addAll(extraArgs);
        container = new org.testcontainers.containers.GenericContainer<>(
                org.testcontainers.utility.DockerImageName.parse("redis:7.0"))
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
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "redis-server");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        for (String fallback : List.of("/usr/bin/redis-server", "/usr/local/bin/redis-server", "/opt/homebrew/bin/redis-server")) {
            if (Files.isExecutable(Path.of(fallback))) {
                return fallback;
            }
        }
        return null;
    }

    /** A free loopback port, never 6379. */
    public static int freePort() {
        for (int i = 0; i < 20; i++) {
            try (ServerSocket s = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
                s.setReuseAddress(true);
                int p = s.getLocalPort();
                if (p != 6379) {
                    return p;
                }
            } catch (IOException e) {
                throw new IllegalStateException("no free loopback port", e);
            }
        }
        throw new IllegalStateException("no free loopback port other than 6379");
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

    private static void deleteQuietly(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir left behind is harmless
        }
    }
}
