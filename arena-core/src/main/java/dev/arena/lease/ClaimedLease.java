package dev.arena.lease;

import dev.arena.coordination.Claim;
import dev.arena.coordination.Claims;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A lease as one claim in a set of {@link Claims}: renewed by its holder, else claimed when free or
 * expired, released on close — never renewing or releasing a peer's. A lost lease is logged once, a
 * regained one once, and so is a failure streak of the store behind the claims.
 */
final class ClaimedLease implements Lease {

    private static final Logger LOG = LoggerFactory.getLogger(ClaimedLease.class);

    private final Claims claims;
    private final String key;
    private final String holderId;
    private final Duration ttl;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean held;
    private volatile boolean failing;
    private volatile String holder;

    ClaimedLease(Claims claims, String key, String holderId, Duration ttl) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("lease TTL must be positive, got " + ttl);
        }
        this.claims = claims;
        this.key = key;
        this.holderId = holderId;
        this.ttl = ttl;
    }

    @Override
    public boolean hold() {
        if (closed.get()) {
            return false;
        }
        boolean now;
        try {
            if (claims.renew(key, holderId, "", ttl)) {
                holder = holderId;
            } else {
                Claim claim = claims.claim(key, holderId, "", ttl);
                holder = claim.holder();
            }
            now = holderId.equals(holder);
            if (failing) {
                failing = false;
                LOG.info("lease {}: Redis answers again", key);
            }
        } catch (RuntimeException e) {
            now = false;
            holder = null;
            if (!failing) {
                failing = true;
                LOG.warn(
                        "lease {}: cannot ask Redis, so this server does not act as holder until it can: {}",
                        key,
                        e.getMessage());
            }
        }
        if (now != held) {
            LOG.info(
                    now
                            ? "lease {}: this server ({}) holds it now"
                            : "lease {}: this server ({}) no longer holds it (holder: {})",
                    key,
                    holderId,
                    holder);
        }
        held = now;
        return now;
    }

    @Override
    public String holder() {
        return holder;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            claims.release(key, holderId);
        } catch (RuntimeException e) {
            LOG.warn("could not release lease {} (a peer takes it when it lapses): {}", key, e.getMessage());
        } finally {
            claims.close();
        }
    }
}
