package dev.arena.diag.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arena.broker.RunId;
import dev.arena.diag.DiagException;
import dev.arena.error.Fault;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every reason a reap preview is refused, and when it may go ahead. */
class ReapRulesTest {

    private static final RunId RUN = RunId.parse("3f2b8c1e-9a4d-4e7b-8c21-5d6f7a8b9c0d");
    private static final String SERVER = "http://127.0.0.1:8000";
    private static final Optional<Duration> LONG_IDLE = Optional.of(Duration.ofMinutes(10));
    private static final Optional<Duration> RECENT = Optional.of(Duration.ofSeconds(5));

    @Test
    void unknownRun_cannotBePreviewed_namingWhoWasAsked() {
        assertThatThrownBy(() -> ReapRules.route(RUN, SERVER, true, true, false))
                .isInstanceOfSatisfying(
                        DiagException.class, e -> assertThat(e.fault()).isEqualTo(Fault.NOT_FOUND))
                .hasMessage("run " + RUN + " is unknown to the server and Redis: nothing to reap");
        assertThatThrownBy(() -> ReapRules.route(RUN, SERVER, true, false, false))
                .hasMessage("run " + RUN + " is unknown to the server: nothing to reap");
        assertThatThrownBy(() -> ReapRules.route(RUN, SERVER, false, false, false))
                .hasMessageContaining("anyone reachable (server down, backend inprocess)");
    }

    @Test
    void serverDownOnInprocess_cannotBePreviewed_sayingToRestartTheServer() {
        assertThatThrownBy(() -> ReapRules.route(RUN, SERVER, false, false, true))
                .isInstanceOf(DiagException.class)
                .hasMessageContaining("the server " + SERVER + " is unreachable and the backend here is inprocess");
    }

    @Test
    void route_serverWhenUp_redisWhenDown() {
        assertThat(ReapRules.route(RUN, SERVER, true, true, true)).isEqualTo(ReapRules.Route.SERVER);
        assertThat(ReapRules.route(RUN, SERVER, false, true, true)).isEqualTo(ReapRules.Route.REDIS);
    }

    @Test
    void viaServer_withoutAdminToken_isRefused_evenWithForce() {
        assertThat(ReapRules.blocker(RUN, ReapRules.Route.SERVER, false, true, LONG_IDLE))
                .isEqualTo("ARENA_ADMIN_TOKEN is not set in this shell: the server's admin endpoint needs it");
    }

    @Test
    void viaRedis_withoutForce_isRefused_becauseNothingCanBePersisted() {
        assertThat(ReapRules.blocker(RUN, ReapRules.Route.REDIS, true, false, LONG_IDLE))
                .startsWith("the server is down so the run cannot be persisted before deleting; add --force");
        assertThat(ReapRules.blocker(RUN, ReapRules.Route.REDIS, false, true, RECENT))
                .isNull();
    }

    @Test
    void recentProgress_withoutForce_isRefused_pointingAtTriage() {
        assertThat(ReapRules.blocker(RUN, ReapRules.Route.SERVER, true, false, RECENT))
                .startsWith("the run progressed 5s ago (under 60s)")
                .contains("arena diag triage " + RUN);
        assertThat(ReapRules.blocker(RUN, ReapRules.Route.SERVER, true, true, RECENT))
                .isNull();
        assertThat(ReapRules.blocker(RUN, ReapRules.Route.SERVER, true, false, Optional.of(ReapAction.PROGRESS_WINDOW)))
                .isNull();
    }

    @Test
    void idleOrUnknownProgress_withToken_goesAhead() {
        assertThat(ReapRules.blocker(RUN, ReapRules.Route.SERVER, true, false, LONG_IDLE))
                .isNull();
        assertThat(ReapRules.blocker(RUN, ReapRules.Route.SERVER, true, false, Optional.empty()))
                .isNull();
    }

    @Test
    void theRoutesReasonWinsOverRecentProgress() {
        assertThat(ReapRules.blocker(RUN, ReapRules.Route.SERVER, false, false, RECENT))
                .startsWith("ARENA_ADMIN_TOKEN");
        assertThat(ReapRules.blocker(RUN, ReapRules.Route.REDIS, true, false, RECENT))
                .startsWith("the server is down");
    }
}
