package dev.arena.diag.action;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs an external command (compose mode's recreate), bounded in time. */
@FunctionalInterface
public interface CommandRunner {

    /** Exit code and the tail of combined output. */
    record Result(int exitCode, String output) {}

    Result run(List<String> command, Duration timeout);

    /** Runs it with ProcessBuilder; a command that cannot start or overruns reports exit 127 / 124. */
    static CommandRunner processes() {
        return (command, timeout) -> {
            try {
                Process p =
                        new ProcessBuilder(command).redirectErrorStream(true).start();
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                    return new Result(124, "timed out after " + timeout.toSeconds() + "s");
                }
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                return new Result(p.exitValue(), out.length() > 2000 ? out.substring(out.length() - 2000) : out);
            } catch (IOException e) {
                return new Result(127, "cannot run " + command.get(0) + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Result(130, "interrupted");
            }
        };
    }
}
