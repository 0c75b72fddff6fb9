package dev.arena.diag.action;

import static dev.arena.diag.action.RotationSetup.envFile;
import static dev.arena.diag.action.RotationSetup.envPassword;
import static dev.arena.diag.action.RotationSetup.rotateLive;
import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.config.RedisUrl;
import dev.arena.diag.action.RotationSetup.LiveRotation;
import dev.arena.diag.cli.support.ExitCodes;
import dev.arena.diag.redis.RedisSession;
import dev.arena.diag.support.DiagRun;
import dev.arena.testkit.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Password rotation against a redis-server started with requirepass, with a publisher running throughout. */
class PasswordRotationIT {

    private static final String OLD = "old-Pa55word-for-rotation";
    private static final String STREAM = "arena:run:{3f2b8c1e-9a4d-4e7b-8c21-5d6f7a8b9c0d}:events";

    @TempDir
    Path tmp;

    private RedisServer redis;
    private Path envFile;
    private final List<String> printed = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        redis = RedisServer.builder().password(OLD).start();
        envFile = envFile(tmp, "# compose secrets\nREDIS_PASSWORD=" + OLD + "\nOTHER=kept\n");
    }

    @AfterEach
    void stop() {
        redis.close();
    }

    private Map<String, String> env() {
        return RotationSetup.env(redis.url(), tmp);
    }

    private DiagRun.Result diag(Map<String, String> env, String... args) {
        DiagRun.Result r = DiagRun.run(env, args);
        printed.add(r.out());
        printed.add(r.err());
        return r;
    }

    private boolean accepts(String password) {
        return PasswordCheck.freshConnection("arena-test@check", Duration.ofSeconds(2))
                .accepts(RedisUrl.parse(redis.url()).withPassword(password));
    }

    @Test
    void liveRotation_withPublisherThroughout_losesNothing_envFile0600_oldRemovedOnFinish_passwordNeverPrinted()
            throws Exception {
        AtomicBoolean publishing = new AtomicBoolean(true);
        AtomicLong acked = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        RedisURI uri = RedisURI.create(redis.url());
        uri.setClientName("arena-test-publisher@host:1");
        RedisClient client = RedisClient.create(uri);
        StatefulRedisConnection<String, String> publisherConnection = client.connect();
        Thread publisher = new Thread(() -> {
            while (publishing.get()) {
                try {
                    publisherConnection.sync().xadd(STREAM, Map.of("data", "{\"n\":" + acked.get() + "}"));
                    acked.incrementAndGet();
                } catch (RuntimeException e) {
                    failures.incrementAndGet();
                }
            }
        });
        publisher.start();
        String fresh;
        try {
            DiagRun.Result dry = diag(env(), "rotate-password", "--env-file", envFile.toString(), "--dry-run");
            assertThat(dry.exitCode()).as(dry.all()).isZero();
            assertThat(dry.out()).contains("ACL SETUSER default >NEW").contains("arena-test-publisher@host:1");
            assertThat(envPassword(envFile)).isEqualTo(OLD);

            DiagRun.Result first = diag(env(), "rotate-password", "--env-file", envFile.toString(), "--yes");
            assertThat(first.exitCode()).as(first.all()).isZero();
            assertThat(first.out())
                    .contains("AUTH with NEW on a fresh connection: OK")
                    .contains("arena-test-publisher@host:1")
                    .contains("--finish");
            fresh = envPassword(envFile);
            assertThat(fresh).isNotEqualTo(OLD).hasSize(32).matches("[A-Za-z0-9_-]+");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(envFile)))
                    .isEqualTo("rw-------");
            assertThat(Files.readString(envFile)).contains("OTHER=kept").contains("# compose secrets");
            assertThat(accepts(fresh)).isTrue();
            assertThat(accepts(OLD))
                    .as("old password still valid until --finish")
                    .isTrue();

            DiagRun.Result finish =
                    diag(env(), "rotate-password", "--finish", "--env-file", envFile.toString(), "--yes");
            assertThat(finish.exitCode()).as(finish.all()).isZero();
            assertThat(finish.out()).contains("refused, as intended");
            assertThat(accepts(fresh)).isTrue();
            assertThat(accepts(OLD)).isFalse();

            long before = acked.get();
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> acked.get() > before + 10);
        } finally {
            publishing.set(false);
            publisher.join();
            publisherConnection.close();
            client.shutdown();
        }
        assertThat(failures.get()).as("publishes that failed during rotation").isZero();
        try (RedisClient check = RedisClient.create(RedisUrl.parse(redis.url()).withPassword(fresh));
                StatefulRedisConnection<String, String> c = check.connect()) {
            assertThat(c.sync().xlen(STREAM))
                    .as("every acknowledged event is in the stream")
                    .isEqualTo(acked.get());
        }
        String audit = Files.readString(tmp.resolve("audit.jsonl"));
        assertThat(audit.lines()).hasSize(2);
        for (String text : List.of(String.join("\n", printed), audit, redis.log())) {
            assertThat(text).doesNotContain(OLD).doesNotContain(fresh);
        }
    }

    @Test
    void forcedVerificationFailure_rollsBack_envFileAndAclUnchanged_sayingWhyAfterEveryTry() throws Exception {
        String before = Files.readString(envFile);
        AtomicInteger tries = new AtomicInteger();
        PasswordCheck refusing = new PasswordCheck() {
            @Override
            public boolean accepts(String redisUrl) {
                return refusal(redisUrl) == null;
            }

            @Override
            public String refusal(String redisUrl) {
                if (!RedisUrl.parse(redisUrl).password().orElse("").equals(OLD)) {
                    tries.incrementAndGet(); // a try of the new password (the roll-back checks the old one too)
                }
                return "WRONGPASS from the test's check";
            }
        };
        LiveRotation rotated = rotateLive(env(), envFile, tmp, refusing);

        ActionOutcome outcome = rotated.outcome();
        assertThat(outcome.result()).isEqualTo(ActionOutcome.Result.ROLLED_BACK);
        assertThat(tries).hasValue(dev.arena.diag.action.LiveRotation.VERIFY_ATTEMPTS);
        assertThat(outcome.report().verification()).anySatisfy(v -> assertThat(v)
                .contains("AUTH with NEW on a fresh connection: FAILED")
                .contains("WRONGPASS from the test's check")
                .contains("after " + dev.arena.diag.action.LiveRotation.VERIFY_ATTEMPTS + " tries"));
        assertThat(outcome.report().verification())
                .anySatisfy(v -> assertThat(v).contains("rolled back"));
        assertThat(Files.readString(envFile)).isEqualTo(before);
        assertThat(accepts(OLD)).isTrue();
        String audit = Files.readString(tmp.resolve("audit.jsonl"));
        assertThat(audit).contains("\"result\":\"rolled_back\"").doesNotContain(OLD);
        for (String secret : rotated.rotation().secrets()) {
            assertThat(outcome.message() + outcome.report().verification() + audit)
                    .doesNotContain(secret);
        }
        try (RedisSession s = RedisSession.open(redis.url(), "arena-test@acl", Duration.ofSeconds(2))) {
            assertThat(AclPasswords.hashes(s, s.topology().nodes().get(0)))
                    .as("the new password was removed again")
                    .hasSize(1);
        }
    }

    @Test
    void aNewPasswordRefusedOnce_isTriedAgain_andTheRotationGoesThrough() throws Exception {
        PasswordCheck real = PasswordCheck.freshConnection("arena-test@check", Duration.ofSeconds(2));
        AtomicInteger calls = new AtomicInteger();
        PasswordCheck refusesFirst = url -> calls.getAndIncrement() > 0 && real.accepts(url);
        LiveRotation rotated = rotateLive(env(), envFile, tmp, refusesFirst);

        ActionOutcome outcome = rotated.outcome();
        assertThat(outcome.result())
                .as(outcome.report().verification().toString())
                .isEqualTo(ActionOutcome.Result.DONE);
        assertThat(calls).hasValue(2);
        assertThat(outcome.report().verification())
                .anySatisfy(v -> assertThat(v).contains("AUTH with NEW on a fresh connection: OK"));
        String fresh = envPassword(envFile);
        assertThat(fresh).isNotEqualTo(OLD);
        assertThat(accepts(fresh)).isTrue();
    }

    @Test
    void composeMode_dryRunPrintsTheRecreatePath_andAFailedRecreateRestoresTheEnvFile() throws Exception {
        String before = Files.readString(envFile);
        DiagRun.Result dry =
                diag(env(), "rotate-password", "--mode", "compose", "--env-file", envFile.toString(), "--dry-run");
        assertThat(dry.exitCode()).as(dry.all()).isZero();
        assertThat(dry.out())
                .contains("docker compose up -d --force-recreate redis")
                .contains("OLD PASSWORD STOPS WORKING");

        // no Docker engine here: the recreate fails for real, and the env file must come back unchanged
        DiagRun.Result r =
                diag(env(), "rotate-password", "--mode", "compose", "--env-file", envFile.toString(), "--yes");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.UNKNOWN);
        assertThat(r.err()).contains("rolled_back");
        assertThat(Files.readString(envFile)).isEqualTo(before);
        assertThat(String.join("\n", printed)).doesNotContain(OLD);
    }

    @Test
    void readOnly_refusesRotation() {
        Map<String, String> env = env();
        env.put("ARENA_READONLY", "1");
        DiagRun.Result r = diag(env, "rotate-password", "--env-file", envFile.toString(), "--yes");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.REFUSED);
        assertThat(accepts(OLD)).isTrue();
    }
}
