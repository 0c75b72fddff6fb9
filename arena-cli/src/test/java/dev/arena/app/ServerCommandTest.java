package dev.arena.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.diag.cli.support.ExitCodes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ServerCommandTest {

    record Result(int code, String out, String err) {}

    static Result run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new ServerCommand(env));
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void badBackend_exits3_namingTheVariable_withoutStackTrace() {
        Result r = run(Map.of("ARENA_BROKER_BACKEND", "kafka"));
        assertThat(r.code()).isEqualTo(ExitCodes.UNKNOWN);
        assertThat(r.err())
                .contains("ARENA_BROKER_BACKEND='kafka'")
                .contains("'inprocess'")
                .doesNotContain("\tat ");
    }

    @Test
    void badPortOption_exits3_namingTheVariable() {
        Result r = run(Map.of(), "--port", "99999");
        assertThat(r.code()).isEqualTo(ExitCodes.UNKNOWN);
        assertThat(r.err()).contains("ARENA_HTTP_PORT='99999' is not a TCP port");
    }

    @Test
    void unreachableRedis_exits3_withMaskedUrl() {
        Result r = run(
                Map.of(
                        "ARENA_BROKER_BACKEND",
                        "redis",
                        "REDIS_URL",
                        "redis://:s3cret-pass@127.0.0.1:1/0",
                        "ARENA_DB",
                        System.getProperty("java.io.tmpdir") + "/arena-servercmd-test-"
                                + ProcessHandle.current().pid() + ".duckdb"),
                "--port",
                "0");
        assertThat(r.code()).isEqualTo(ExitCodes.UNKNOWN);
        assertThat(r.err()).contains("could not start").doesNotContain("s3cret-pass");
    }

    @Test
    void aJwtSecretShorterThan32Bytes_exits3_sayingSoWithoutTheSecret() {
        Result r = run(Map.of("ARENA_AUTH_JWT_SECRET", "only-20-bytes-secret"), "--port", "0");
        assertThat(r.code()).isEqualTo(ExitCodes.UNKNOWN);
        assertThat(r.err())
                .contains("ARENA_AUTH_JWT_SECRET is 20 bytes: HS256 needs at least 32 bytes")
                .doesNotContain("only-20-bytes-secret")
                .doesNotContain("\tat ");
    }

    @Test
    void aJwtSecretAndAPublicKeyTogether_exit3() {
        Result r = run(
                Map.of(
                        "ARENA_AUTH_JWT_SECRET",
                        "a-secret-that-is-long-enough-for-hs256!",
                        "ARENA_AUTH_JWT_PUBLIC_KEY",
                        "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----"),
                "--port",
                "0");
        assertThat(r.code()).isEqualTo(ExitCodes.UNKNOWN);
        assertThat(r.err()).contains("are both set: set one");
    }
}
