package dev.arena.coordination;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link Claims} every implementation keeps, a set of many names or one plain key
 * alike: one holder at a time, only the holder renews or releases, expiry by the implementation's
 * clock, an expired claim forgotten, observe and list. {@link ClaimSetContract} adds what a set of many
 * names that keeps expired claims promises besides. Subclasses say how to build a fresh, empty set and how to let a
 * claim's TTL pass (moving a ticker, or waiting for the Redis clock).
 */
abstract class ClaimsContract {

    private static final int CALLERS = 8;

    private final List<Claims> opened = new ArrayList<>();

    /** A fresh, empty set with {@code expiry}; closed after the test. */
    protected abstract Claims open(Expiry expiry);

    /** Returns once {@code name}'s claim, taken with {@link #ttl()}, has expired by the implementation's clock. */
    protected abstract void letExpire(Claims claims, String name);

    /** The TTL the tests claim with; {@link #letExpire} must outlast it. */
    protected abstract Duration ttl();

    /** A name in the set ({@code i} from 0); an implementation holding one claim only may ignore {@code i}. */
    protected String name(Claims claims, int i) {
        return "claim-" + i;
    }

    /** The payload stored with a claim; empty where the implementation stores none. */
    protected String payload(String wanted) {
        return wanted;
    }

    /** A fresh set with {@code expiry}, closed after the test. */
    protected final Claims claims(Expiry expiry) {
        Claims claims = open(expiry);
        opened.add(claims);
        return claims;
    }

    private Claims anyClaims() {
        return claims(Expiry.FORGET);
    }

    @AfterEach
    void closeClaims() {
        opened.forEach(Claims::close);
    }

    @Test
    void claim_ofAFreeName_isTaken_andObservedWithHolderPayloadAndTtl() {
        Claims claims = anyClaims();
        String name = name(claims, 0);
        assertThat(claims.observe(name)).isEmpty();

        Claim taken = claims.claim(name, "server-a", payload("{\"a\":1}"), ttl());

        assertThat(taken.heldBy("server-a")).isTrue();
        assertThat(claims.observe(name)).hasValueSatisfying(c -> {
            assertThat(c.name()).isEqualTo(name);
            assertThat(c.holder()).isEqualTo("server-a");
            assertThat(c.payload()).isEqualTo(payload("{\"a\":1}"));
            assertThat(c.expired()).isFalse();
            assertThat(c.expiresInMs()).isBetween(1L, ttl().toMillis());
        });
    }

    @Test
    void concurrentClaimers_exactlyOneHolds_andEveryoneIsToldWho() throws Exception {
        Claims claims = anyClaims();
        String name = name(claims, 0);
        List<Claim> answers = race(i -> claims.claim(name, "server-" + i, payload(""), ttl()));

        long won = 0;
        for (int i = 0; i < CALLERS; i++) {
            won += answers.get(i).heldBy("server-" + i) ? 1 : 0;
        }
        String holder = claims.observe(name).orElseThrow().holder();
        assertThat(won).isEqualTo(1);
        assertThat(answers).allSatisfy(c -> assertThat(c.holder()).isEqualTo(holder));
    }

    @Test
    void claim_ofAFreshClaim_isRefused_evenToItsOwnHolder_whoRenewsInstead() {
        Claims claims = anyClaims();
        String name = name(claims, 0);
        claims.claim(name, "server-a", payload(""), ttl());

        assertThat(claims.claim(name, "server-b", payload(""), ttl()).holder()).isEqualTo("server-a");
        assertThat(claims.claim(name, "server-a", payload(""), ttl()).holder()).isEqualTo("server-a");
        assertThat(claims.renew(name, "server-a", payload("renewed"), ttl())).isTrue();
        assertThat(claims.observe(name).orElseThrow().payload()).isEqualTo(payload("renewed"));
    }

    @Test
    void renew_byANonHolder_isRefused_andLeavesTheClaimAsItWas() {
        Claims claims = anyClaims();
        String name = name(claims, 0);
        assertThat(claims.renew(name, "server-a", payload(""), ttl()))
                .as("nobody holds it")
                .isFalse();
        assertThat(claims.observe(name)).isEmpty();
        claims.claim(name, "server-a", payload("mine"), ttl());

        assertThat(claims.renew(name, "server-b", payload("theirs"), ttl())).isFalse();

        assertThat(claims.observe(name).orElseThrow()).satisfies(c -> {
            assertThat(c.holder()).isEqualTo("server-a");
            assertThat(c.payload()).isEqualTo(payload("mine"));
        });
    }

    @Test
    void release_byANonHolder_isRefused_byTheHolder_freesTheNameAtOnce() {
        Claims claims = anyClaims();
        String name = name(claims, 0);
        claims.claim(name, "server-a", payload(""), ttl());

        assertThat(claims.release(name, "server-b")).isFalse();
        assertThat(claims.observe(name).orElseThrow().holder()).isEqualTo("server-a");

        assertThat(claims.release(name, "server-a")).isTrue();
        assertThat(claims.observe(name)).isEmpty();
        assertThat(claims.release(name, "server-a")).as("already released").isFalse();
        assertThat(claims.claim(name, "server-b", payload(""), ttl()).heldBy("server-b"))
                .as("no waiting for the TTL")
                .isTrue();
    }

    @Test
    void expiredClaim_isFreeToClaimByAnother() {
        Claims claims = anyClaims();
        String name = name(claims, 0);
        claims.claim(name, "server-a", payload(""), ttl());

        letExpire(claims, name);

        assertThat(claims.claim(name, "server-b", payload(""), ttl()).heldBy("server-b"))
                .isTrue();
        assertThat(claims.renew(name, "server-a", payload(""), ttl()))
                .as("the old holder lost it")
                .isFalse();
        assertThat(claims.observe(name).orElseThrow().holder()).isEqualTo("server-b");
    }

    @Test
    void forgetting_anExpiredClaimIsGone_toObserveListRenewAndTakeOver() {
        Claims claims = claims(Expiry.FORGET);
        String name = name(claims, 0);
        claims.claim(name, "server-a", payload(""), ttl());

        letExpire(claims, name);

        assertThat(claims.observe(name)).isEmpty();
        assertThat(claims.list()).isEmpty();
        assertThat(claims.renew(name, "server-a", payload(""), ttl())).isFalse();
        assertThat(claims.takeOver(name, "server-a")).isFalse();
    }

    @Test
    void list_ofAnEmptySet_isEmpty() {
        assertThat(anyClaims().list()).isEmpty();
    }

    protected interface Caller<T> {
        T call(int i) throws Exception;
    }

    /** Runs {@code call} on {@value #CALLERS} threads released at once; their answers. */
    protected static <T> List<T> race(Caller<T> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CALLERS);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Callable<T>> callers = new ArrayList<>();
            for (int i = 0; i < CALLERS; i++) {
                int n = i;
                callers.add(() -> {
                    start.await();
                    return call.call(n);
                });
            }
            List<Future<T>> futures = new ArrayList<>();
            callers.forEach(c -> futures.add(pool.submit(c)));
            start.countDown();
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) {
                out.add(f.get());
            }
            return Collections.unmodifiableList(out);
        } finally {
            pool.shutdownNow();
        }
    }
}
