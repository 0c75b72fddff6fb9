package dev.arena.coordination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a set of any number of names that keeps expired claims ({@link Expiry#KEEP}) promises beyond
 * {@link ClaimsContract}: an expired claim stays observable and renewable by its holder until exactly
 * one caller takes it over, and the list shows every holder. The Redis hash and the in-process
 * implementations keep it; one plain Redis key (the reaper lease) holds one name and forgets.
 */
abstract class ClaimSetContract extends ClaimsContract {

    @Test
    void keeping_anExpiredClaimIsObservedAsExpired_andItsHolderMayStillRenewIt() {
        Claims claims = claims(Expiry.KEEP);
        String name = name(claims, 0);
        claims.claim(name, "server-a", payload("lease"), ttl());

        letExpire(claims, name);

        assertThat(claims.observe(name).orElseThrow()).satisfies(c -> {
            assertThat(c.expired()).isTrue();
            assertThat(c.holder()).isEqualTo("server-a");
            assertThat(c.payload()).isEqualTo(payload("lease"));
        });
        assertThat(claims.list()).extracting(Claim::name).containsExactly(name);
        assertThat(claims.renew(name, "server-a", payload("lease"), ttl()))
                .as("nobody took it over")
                .isTrue();
        assertThat(claims.observe(name).orElseThrow().expired()).isFalse();
    }

    @Test
    void takeOver_ofAFreshClaim_orNamingAnotherHolder_isRefused() {
        Claims claims = claims(Expiry.KEEP);
        String name = name(claims, 0);
        claims.claim(name, "server-a", payload(""), ttl());
        assertThat(claims.takeOver(name, "server-a")).as("still fresh").isFalse();

        letExpire(claims, name);

        assertThat(claims.takeOver(name, "someone-else"))
                .as("another holder's name")
                .isFalse();
        assertThat(claims.observe(name)).isPresent();
    }

    @Test
    void takeOver_ofAnExpiredClaim_isWonByExactlyOneOfMany_andFreesTheName() throws Exception {
        Claims claims = claims(Expiry.KEEP);
        String name = name(claims, 0);
        claims.claim(name, "server-a", payload(""), ttl());
        letExpire(claims, name);

        List<Boolean> answers = race(i -> claims.takeOver(name, "server-a"));

        assertThat(answers.stream().filter(won -> won).count()).isEqualTo(1);
        assertThat(claims.observe(name)).isEmpty();
    }

    @Test
    void list_showsEveryClaimWithItsHolder() {
        Claims claims = claims(Expiry.FORGET);
        claims.claim(name(claims, 0), "server-a", payload("a"), ttl());
        claims.claim(name(claims, 1), "server-b", payload("b"), ttl());
        claims.claim(name(claims, 2), "server-a", payload("c"), ttl());
        claims.release(name(claims, 2), "server-a");

        assertThat(claims.list())
                .extracting(Claim::name, Claim::holder, Claim::payload)
                .containsExactlyInAnyOrder(
                        tuple(name(claims, 0), "server-a", "a"), tuple(name(claims, 1), "server-b", "b"));
    }
}
