package dev.arena.diag.action;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.diag.DiagException;
import dev.arena.wire.AuditEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GuardedRunnerTest {

    @TempDir
    Path dir;

    private final Clock clock = Clock.fixed(Instant.parse("2026-11-22T07:00:00Z"), ZoneOffset.UTC);

    /** A recording action: counts executions, returns a scripted report, carries a secret. */
    static final class RecordingAction implements GuardedAction {
        final List<String> executed = new ArrayList<>();
        String blocker;
        Runnable whileExecuting = () -> {};
        ActionReport report = new ActionReport(true, false, "done with s3cr3t-pw inside", List.of("checked s3cr3t-pw"));

        @Override
        public String name() {
            return "test";
        }

        @Override
        public String target() {
            return "3f2b8c1e-9a4d-4e7b-8c21-5d6f7a8b9c0d";
        }

        @Override
        public String confirmPrefix() {
            return "3f2b8c1e";
        }

        @Override
        public ActionPreview preview() {
            return new ActionPreview(
                    name(),
                    target(),
                    confirmPrefix(),
                    List.of("fact"),
                    List.of("step"),
                    List.of("cmd"),
                    blocker,
                    Map.of());
        }

        @Override
        public ActionReport execute(ActionPreview preview) {
            whileExecuting.run();
            executed.add(preview.target());
            return report;
        }

        @Override
        public List<String> secrets() {
            return List.of("s3cr3t-pw");
        }
    }

    private GuardedRunner runner(boolean readonly) {
        return new GuardedRunner(new AuditLog(dir.resolve("audit.jsonl")), readonly, "tester", "prod", clock);
    }

    @Test
    void readonly_refusesWithoutActing_andAudits() throws Exception {
        RecordingAction a = new RecordingAction();
        ActionOutcome o = runner(true).run(a, Confirmation.yes(), false);
        assertThat(o.result()).isEqualTo(ActionOutcome.Result.REFUSED);
        assertThat(o.message()).contains("read-only");
        assertThat(a.executed).isEmpty();
        assertThat(Files.readString(dir.resolve("audit.jsonl")))
                .contains("\"result\":\"refused\"")
                .contains("\"env\":\"prod\"");
    }

    @Test
    void noConfirmation_orWrongPrefix_refusesWithoutActing() {
        RecordingAction a = new RecordingAction();
        assertThat(runner(false).run(a, Confirmation.none(), false).result())
                .isEqualTo(ActionOutcome.Result.NOT_CONFIRMED);
        assertThat(runner(false).run(a, Confirmation.typed("3f2b8c1f"), false).result())
                .isEqualTo(ActionOutcome.Result.NOT_CONFIRMED);
        assertThat(a.executed).isEmpty();
    }

    @Test
    void typedPrefix_executes_andSecretsNeverReachOutcomeOrAudit() throws Exception {
        RecordingAction a = new RecordingAction();
        ActionOutcome o = runner(false).run(a, Confirmation.typed("3f2b8c1e"), false);
        assertThat(o.result()).isEqualTo(ActionOutcome.Result.DONE);
        assertThat(a.executed).hasSize(1);
        assertThat(o.message()).doesNotContain("s3cr3t-pw").contains("***");
        assertThat(o.report().verification()).allSatisfy(v -> assertThat(v).doesNotContain("s3cr3t-pw"));
        String audit = Files.readString(dir.resolve("audit.jsonl"));
        assertThat(audit)
                .doesNotContain("s3cr3t-pw")
                .contains("\"action\":\"test\"")
                .contains("\"result\":\"done\"");
        assertThat(new AuditLog(dir.resolve("audit.jsonl")).tail(5))
                .singleElement()
                .satisfies(e -> assertThat(e.actor()).isEqualTo("tester"));
    }

    @Test
    void unwritableAuditLog_refusesBeforeActing() throws Exception {
        Files.writeString(
                dir.resolve("not-a-directory"), "x"); // unwritable even for root: a file where a directory must be
        RecordingAction a = new RecordingAction();
        GuardedRunner runner = new GuardedRunner(
                new AuditLog(dir.resolve("not-a-directory/audit.jsonl")), false, "tester", "prod", clock);

        ActionOutcome o = runner.run(a, Confirmation.yes(), false);

        assertThat(o.result()).isEqualTo(ActionOutcome.Result.REFUSED);
        assertThat(o.message())
                .contains("could not be audited")
                .contains("ARENA_AUDIT_LOG")
                .contains("nothing was changed");
        assertThat(a.executed).isEmpty();
    }

    @Test
    void actionDoneButNotAudited_isReportedFailed_notDone() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        RecordingAction a = new RecordingAction();
        a.whileExecuting = () -> { // the audit log becomes unwritable while the action runs
            try {
                Files.deleteIfExists(file);
                Files.createDirectory(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };

        ActionOutcome o = runner(false).run(a, Confirmation.yes(), false);

        assertThat(a.executed).hasSize(1);
        assertThat(o.result()).isEqualTo(ActionOutcome.Result.FAILED);
        assertThat(o.message())
                .contains("the change stands")
                .contains("could NOT be audited")
                .contains(file.toString());
    }

    @Test
    void blocker_refusesEvenWhenConfirmed() {
        RecordingAction a = new RecordingAction();
        a.blocker = "progressed 5s ago";
        ActionOutcome o = runner(false).run(a, Confirmation.yes(), false);
        assertThat(o.result()).isEqualTo(ActionOutcome.Result.REFUSED);
        assertThat(o.message()).contains("progressed 5s ago");
        assertThat(a.executed).isEmpty();
    }

    @Test
    void dryRun_previewsOnly_withoutAudit() {
        RecordingAction a = new RecordingAction();
        ActionOutcome o = runner(false).run(a, Confirmation.yes(), true);
        assertThat(o.result()).isEqualTo(ActionOutcome.Result.DRY_RUN);
        assertThat(o.preview().steps()).containsExactly("step");
        assertThat(a.executed).isEmpty();
        assertThat(dir.resolve("audit.jsonl")).doesNotExist();
    }

    @Test
    void readonly_isTheFirstRefusal_evenWhenAlsoBlocked() {
        RecordingAction a = new RecordingAction();
        a.blocker = "progressed 5s ago";
        ActionOutcome o = runner(true).run(a, Confirmation.yes(), false);
        assertThat(o.result()).isEqualTo(ActionOutcome.Result.REFUSED);
        assertThat(o.message()).startsWith("refused: read-only mode").doesNotContain("progressed");
        assertThat(a.executed).isEmpty();
    }

    @Test
    void blocker_isRefusedBeforeAskingForConfirmation() {
        RecordingAction a = new RecordingAction();
        a.blocker = "the server is down; add --force";
        ActionOutcome o = runner(false).run(a, Confirmation.none(), false);
        assertThat(o.result()).isEqualTo(ActionOutcome.Result.REFUSED);
        assertThat(o.message()).isEqualTo("refused: the server is down; add --force");
    }

    @Test
    void notConfirmed_saysHowToConfirm_typedMismatch_namesThePrefix() {
        RecordingAction a = new RecordingAction();
        assertThat(runner(false).run(a, Confirmation.none(), false).message())
                .isEqualTo("not confirmed: type '3f2b8c1e' when asked, or pass --yes in a script; nothing was changed");
        assertThat(runner(false).run(a, Confirmation.typed("nope"), false).message())
                .isEqualTo("typed confirmation did not match '3f2b8c1e'; nothing was changed");
    }

    @Test
    void dryRun_ofABlockedAction_saysItWouldBeRefused_withoutAudit() {
        RecordingAction a = new RecordingAction();
        a.blocker = "progressed 5s ago";
        ActionOutcome o = runner(true).run(a, Confirmation.none(), true);
        assertThat(o.result()).isEqualTo(ActionOutcome.Result.DRY_RUN);
        assertThat(o.message())
                .isEqualTo("nothing was changed (as things stand it would be refused: progressed 5s ago)");
        assertThat(dir.resolve("audit.jsonl")).doesNotExist();
    }

    @Test
    void previewThatCannotReadItsSources_fails_withoutActingOrAuditing() {
        RecordingAction recording = new RecordingAction();
        GuardedAction broken = new GuardedAction() {
            @Override
            public String name() {
                return recording.name();
            }

            @Override
            public String target() {
                return recording.target();
            }

            @Override
            public String confirmPrefix() {
                return recording.confirmPrefix();
            }

            @Override
            public ActionPreview preview() {
                throw new DiagException("the server http://x is unreachable (s3cr3t-pw)");
            }

            @Override
            public ActionReport execute(ActionPreview preview) {
                return recording.execute(preview);
            }

            @Override
            public List<String> secrets() {
                return recording.secrets();
            }
        };
        ActionOutcome o = runner(false).run(broken, Confirmation.yes(), false);
        assertThat(o.result()).isEqualTo(ActionOutcome.Result.FAILED);
        assertThat(o.message())
                .startsWith("cannot preview: the server http://x is unreachable")
                .doesNotContain("s3cr3t-pw");
        assertThat(recording.executed).isEmpty();
        assertThat(dir.resolve("audit.jsonl")).doesNotExist();
    }

    @Test
    void failedVerification_withRollback_reportsRolledBack() {
        RecordingAction a = new RecordingAction();
        a.report = new ActionReport(false, true, "verification failed", List.of("rolled back"));
        assertThat(runner(false).run(a, Confirmation.yes(), false).result())
                .isEqualTo(ActionOutcome.Result.ROLLED_BACK);
    }

    @Test
    void auditLog_masksUrlCredentials() throws Exception {
        AuditLog log = new AuditLog(dir.resolve("a.jsonl"));
        log.append(
                new AuditEntry(clock.instant(), "x", "t", "me", "ok", "used redis://:hunter22@h:1/0", null), List.of());
        assertThat(Files.readString(dir.resolve("a.jsonl")))
                .doesNotContain("hunter22")
                .contains("redis://:***@h:1/0");
    }
}
