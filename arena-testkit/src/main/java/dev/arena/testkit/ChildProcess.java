package dev.arena.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A process a test starts — a second JVM on this JVM's classpath, a built jar, a launcher script, a
 * command-line tool — with its stdout and stderr captured to files (so nothing blocks on a full
 * pipe and the output stays readable after exit), a bounded wait for a line, SIGTERM and SIGKILL,
 * and clean-up: {@link #close()} kills it if it still runs and deletes the captured output.
 * Not thread-safe; one test drives it.
 */
public final class ChildProcess implements AutoCloseable {

    private final Process process;
    private final String name;
    private final Path captureDir;
    private final Path stdout;
    private final Path stderr;

    private ChildProcess(Process process, String name, Path captureDir, Path stdout, Path stderr) {
        this.process = process;
        this.name = name;
        this.captureDir = captureDir;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** A process running {@code command} (the program, then its arguments). */
    public static Builder command(String... command) {
        return new Builder(List.of(command));
    }

    /** {@code command}, as a list. */
    public static Builder command(List<String> command) {
        return new Builder(command);
    }

    /** A second JVM (this JVM's {@code java}) running {@code mainClass} on this JVM's classpath. */
    public static Builder java(String mainClass, String... args) {
        Builder b = new Builder(List.of(javaBinary(), "-cp", System.getProperty("java.class.path"), mainClass));
        return b.args(args);
    }

    /** A second JVM (this JVM's {@code java}) running {@code java -jar jar args}. */
    public static Builder jar(Path jar, String... args) {
        return new Builder(List.of(javaBinary(), "-jar", jar.toString())).args(args);
    }

    /** The {@code java} of the JVM running the tests. */
    public static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The operating system's process id. */
    public long pid() {
        return process.pid();
    }

    /** Whether the process still runs. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** Everything written to stdout so far (stdout and stderr together after {@link Builder#mergeStderr()}). */
    public String stdout() {
        return read(stdout);
    }

    /** Everything written to stderr so far; empty after {@link Builder#mergeStderr()}. */
    public String stderr() {
        return read(stderr);
    }

    /** Both outputs, labelled: for assertion messages. */
    public String output() {
        return name + " stdout:\n" + stdout() + "\n" + name + " stderr:\n" + stderr();
    }

    /**
     * Waits until stdout holds a match of {@code pattern} and returns its first group (the whole
     * match when the pattern has no group).
     *
     * @throws IllegalStateException when {@code timeout} passes or the process exits first, with its output
     */
    public String awaitLine(Pattern pattern, Duration timeout) {
        String[] found = new String[1];
        Polling.await(
                timeout,
                name + " printing /" + pattern + "/",
                () -> {
                    Matcher m = pattern.matcher(stdout());
                    if (m.find()) {
                        found[0] = m.groupCount() > 0 ? m.group(1) : m.group();
                        return null;
                    }
                    if (!process.isAlive()) {
                        throw new Polling.Fatal("exited with " + process.exitValue() + " before printing it");
                    }
                    return "not printed yet";
                },
                this::output);
        return found[0];
    }

    /** {@link #awaitLine(Pattern, Duration)} for a literal piece of text. */
    public void awaitText(String text, Duration timeout) {
        awaitLine(Pattern.compile(Pattern.quote(text)), timeout);
    }

    /** Writes {@code line} and a newline to the process's stdin. */
    public void send(String line) {
        try {
            OutputStream in = process.getOutputStream();
            in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to " + name, e);
        }
    }

    /** Closes the process's stdin (end of input). */
    public void closeStdin() {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new UncheckedIOException("closing the stdin of " + name, e);
        }
    }

    /**
     * Waits for the process to exit and returns its exit code.
     *
     * @throws IllegalStateException when it still runs after {@code timeout} (it is then killed), with its output
     */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(
                        name + " still running after " + timeout.toMillis() + " ms\n" + output());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + name, e);
        }
    }

    /** Sends SIGTERM (the orderly shutdown path) and waits for the exit; returns the exit code. */
    public int terminate(Duration timeout) {
        process.destroy();
        return awaitExit(timeout);
    }

    /** Sends SIGKILL (no shutdown hook runs) and waits for the exit; returns the exit code. */
    public int kill() {
        process.destroyForcibly();
        return awaitExit(Duration.ofSeconds(30));
    }

    /** Kills the process if it still runs and deletes the captured output. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        TempDirs.deleteQuietly(captureDir);
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file, e);
        }
    }

    /** What to start; {@link #start()} starts it. */
    public static final class Builder {

        private final List<String> command;
        private final Map<String, String> env = new HashMap<>();
        private final List<String> removedPrefixes = new ArrayList<>();
        private Path directory;
        private Path stdin;
        private boolean mergeStderr;
        private String name;

        private Builder(List<String> command) {
            this.command = new ArrayList<>(command);
            this.name = Path.of(command.get(command.size() - 1)).getFileName().toString();
        }

        /** More arguments after those given so far. */
        public Builder args(String... args) {
            command.addAll(List.of(args));
            return this;
        }

        /** More arguments after those given so far. */
        public Builder args(List<String> args) {
            command.addAll(args);
            return this;
        }

        /** A JVM option (e.g. {@code -Dkey=value}) right after {@code java}; only for {@link #java} and {@link #jar}. */
        public Builder jvmOption(String option) {
            command.add(1, option);
            return this;
        }

        /** One environment variable on top of the inherited environment. */
        public Builder env(String key, String value) {
            env.put(key, value);
            return this;
        }

        /** Environment variables on top of the inherited environment. */
        public Builder env(Map<String, String> vars) {
            env.putAll(vars);
            return this;
        }

        /** Drops inherited variables whose names start with one of {@code prefixes} (e.g. {@code ARENA_}). */
        public Builder withoutInherited(String... prefixes) {
            removedPrefixes.addAll(List.of(prefixes));
            return this;
        }

        /** The working directory (default: this JVM's). */
        public Builder directory(Path dir) {
            this.directory = dir;
            return this;
        }

        /** Feeds {@code file} to stdin instead of a pipe the test writes to. */
        public Builder stdin(Path file) {
            this.stdin = file;
            return this;
        }

        /** Sends stderr into the stdout capture, interleaved as written. */
        public Builder mergeStderr() {
            this.mergeStderr = true;
            return this;
        }

        /** A name for failure messages (default: the main class or program). */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** Starts the process. */
        public ChildProcess start() {
            Path dir = TempDirs.create("arena-child-");
            Path out = dir.resolve("stdout.txt");
            Path err = dir.resolve("stderr.txt");
            ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile());
            if (mergeStderr) {
                pb.redirectErrorStream(true);
            } else {
                pb.redirectError(err.toFile());
            }
            if (directory != null) {
                pb.directory(directory.toFile());
            }
            if (stdin != null) {
                pb.redirectInput(stdin.toFile());
            }
            pb.environment().keySet().removeIf(k -> removedPrefixes.stream().anyMatch(k::startsWith));
            pb.environment().putAll(env);
            try {
                return new ChildProcess(pb.start(), name, dir, out, err);
            } catch (IOException e) {
                TempDirs.deleteQuietly(dir);
                throw new UncheckedIOException("starting " + String.join(" ", command), e);
            }
        }
    }
}
