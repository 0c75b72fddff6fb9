package dev.arena.server;

import static dev.arena.server.ServerApiIT.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.broker.RunId;
import dev.arena.fixture.ServerFixture;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every request body is read strictly: one JSON object and nothing after it, each key once. A body
 * with trailing tokens or a duplicate key is 400 saying which, and nothing is started or reaped —
 * what the client meant and what the server read cannot differ.
 */
class StrictJsonBodiesIT {

    @TempDir
    Path dir;

    @Test
    void forkBodyWithTrailingTokensOrDuplicateKeys_is400_andStartsNothing() throws Exception {
        try (ServerFixture fx = ServerFixture.builder(dir).start()) {
            RunId parent = fx.finishedRun(5);
            String body = "{\"parent_run_id\":\"" + parent + "\"}";
            assertError(fx.post("/forks", body + " garbage"), 400, "trailing");
            assertError(fx.post("/forks", body + "{}"), 400, "trailing");
            assertError(fx.post("/forks", body + "]"), 400, "trailing");
            assertError(
                    fx.post(
                            "/forks",
                            "{\"parent_run_id\":\"" + parent + "\",\"parent_run_id\":\"" + RunId.random() + "\"}"),
                    400,
                    "Duplicate field 'parent_run_id'");
            assertError(
                    fx.post(
                            "/forks",
                            "{\"parent_run_id\":\"" + parent
                                    + "\",\"scenario\":{\"stall_at_seq\":3,\"stall_at_seq\":4}}"),
                    400,
                    "Duplicate field 'stall_at_seq'");
            assertThat(fx.get("/debug/forks").json().path("forks")).isEmpty();
            assertThat(fx.post("/forks", body + " \n").status()).isEqualTo(202); // trailing white space is fine
        }
    }

    @Test
    void reapBodyWithTrailingTokensOrDuplicateKeys_is400_andReapsNothing() throws Exception {
        try (ServerFixture fx = ServerFixture.builder(dir).start()) {
            RunId run = RunId.random();
            fx.broker.openRun(run, Map.of()).join();
            String path = "/admin/runs/" + run + "/reap";
            assertError(fx.post(path, "{\"reason\":\"a\"} x", ServerFixture.ADMIN_TOKEN), 400, "trailing");
            assertError(
                    fx.post(path, "{\"reason\":\"a\",\"reason\":\"b\"}", ServerFixture.ADMIN_TOKEN),
                    400,
                    "Duplicate field 'reason'");
            assertThat(fx.get("/runs/" + run).json().path("status").asText()).isEqualTo("running");
        }
    }
}
