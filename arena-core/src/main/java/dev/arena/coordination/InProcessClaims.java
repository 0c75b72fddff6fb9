package dev.arena.coordination;

import dev.arena.time.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Claims in a map guarded by this object's monitor, aged by a {@link Ticker} (so tests move time by hand). */
final class InProcessClaims implements Claims {

    private record Held(String holder, String payload, long stampNanos, long ttlMs) {}

    private final Ticker ticker;
    private final Expiry expiry;
    private final Map<String, Held> claims = new HashMap<>();

    InProcessClaims(Ticker ticker, Expiry expiry) {
        this.ticker = ticker;
        this.expiry = expiry;
    }

    @Override
    public synchronized Claim claim(String name, String holder, String payload, Duration ttl) {
        Claim current = current(name);
        if (current != null && !current.expired()) {
            return current;
        }
        if (expiry == Expiry.FORGET) {
            claims.keySet().removeIf(other -> current(other) == null); // nobody can see them any more
        }
        claims.put(name, new Held(holder, payload, ticker.nanos(), ttl.toMillis()));
        return current(name);
    }

    @Override
    public synchronized boolean renew(String name, String holder, String payload, Duration ttl) {
        Claim current = current(name);
        if (current == null || !current.heldBy(holder)) {
            return false;
        }
        claims.put(name, new Held(holder, payload, ticker.nanos(), ttl.toMillis()));
        return true;
    }

    @Override
    public synchronized boolean release(String name, String holder) {
        Claim current = current(name);
        if (current == null || !current.heldBy(holder)) {
            return false;
        }
        claims.remove(name);
        return true;
    }

    @Override
    public synchronized Optional<Claim> observe(String name) {
        return Optional.ofNullable(current(name));
    }

    @Override
    public synchronized List<Claim> list() {
        List<Claim> out = new ArrayList<>();
        for (String name : claims.keySet()) {
            Claim claim = current(name);
            if (claim != null) {
                out.add(claim);
            }
        }
        return out;
    }

    @Override
    public synchronized boolean takeOver(String name, String expiredHolder) {
        Claim current = current(name);
        if (current == null || !current.heldBy(expiredHolder) || !current.expired()) {
            return false;
        }
        claims.remove(name);
        return true;
    }

    @Override
    public void close() {}

    /** The claim on {@code name} now; null when free, or expired and forgotten. */
    private Claim current(String name) {
        Held held = claims.get(name);
        if (held == null) {
            return null;
        }
        long age = TimeUnit.NANOSECONDS.toMillis(ticker.nanos() - held.stampNanos());
        Claim claim = new Claim(name, held.holder(), held.payload(), Math.max(0, age), held.ttlMs());
        return claim.expired() && expiry == Expiry.FORGET ? null : claim;
    }
}
