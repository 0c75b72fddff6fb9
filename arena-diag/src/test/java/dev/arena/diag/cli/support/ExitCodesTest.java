package dev.arena.diag.cli.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.diag.DiagException;
import dev.arena.diag.redis.RedisUnavailableException;
import dev.arena.error.ArenaException;
import dev.arena.error.Fault;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The one mapping of failures to exit codes, and how a failure is reported. */
class ExitCodesTest {

    @ParameterizedTest
    @EnumSource(Fault.class)
    void everyFault_isUnknown(Fault fault) {
        assertThat(ExitCodes.forFailure(new ArenaException(fault, "x"))).isEqualTo(ExitCodes.UNKNOWN);
    }

    @Test
    void unreachableRedis_isUnknown_oneLineWithoutStackTrace() {
        StringWriter err = new StringWriter();
        RedisUnavailableException down = new RedisUnavailableException(
                RedisUnavailableException.Reason.UNREACHABLE,
                "cannot reach Redis at redis://:***@h:6379",
                new IOException("Connection refused"));
        assertThat(ExitCodes.report("arena diag: ", down, new PrintWriter(err), false))
                .isEqualTo(ExitCodes.UNKNOWN);
        assertThat(err.toString())
                .isEqualTo("arena diag: cannot reach Redis at redis://:***@h:6379" + System.lineSeparator());
    }

    @Test
    void aBug_isUnknownToo() {
        assertThat(ExitCodes.forFailure(new NullPointerException())).isEqualTo(ExitCodes.UNKNOWN);
    }

    @Test
    void declaredFailure_isOneLine_withoutStackTrace() {
        StringWriter err = new StringWriter();
        int code = ExitCodes.report(
                "arena: ", new DiagException("the server http://x is unreachable"), new PrintWriter(err), true);
        assertThat(code).isEqualTo(ExitCodes.UNKNOWN);
        assertThat(err.toString()).isEqualTo("arena: the server http://x is unreachable" + System.lineSeparator());
    }

    @Test
    void usageError_isOneLine_withoutStackTrace() {
        StringWriter err = new StringWriter();
        ExitCodes.report(
                "arena: ", new IllegalArgumentException("--timeout must be positive"), new PrintWriter(err), true);
        assertThat(err.toString()).isEqualTo("arena: --timeout must be positive" + System.lineSeparator());
    }

    @Test
    void aBug_isOneLineNamingItAndAskingForDebug_withoutStackTrace() {
        StringWriter err = new StringWriter();
        ExitCodes.report("arena: ", new NullPointerException("a null deep inside"), new PrintWriter(err), false);
        assertThat(err.toString())
                .isEqualTo("arena: unexpected failure (java.lang.NullPointerException: a null deep inside);"
                        + " run again with --debug for its stack trace and report it" + System.lineSeparator());
    }

    @Test
    void aBug_underDebug_isReportedWithItsStackTrace() {
        StringWriter err = new StringWriter();
        ExitCodes.report("arena: ", new NullPointerException("a null deep inside"), new PrintWriter(err), true);
        assertThat(err.toString())
                .startsWith("arena: a null deep inside")
                .contains("java.lang.NullPointerException")
                .contains("\tat ");
    }
}
