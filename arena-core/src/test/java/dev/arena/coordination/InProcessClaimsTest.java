package dev.arena.coordination;

import dev.arena.time.ManualTicker;
import java.time.Duration;

/** The claims contract in this JVM: time moved by hand on a {@link ManualTicker}, never slept. */
class InProcessClaimsTest extends ClaimSetContract {

    private final ManualTicker ticker = new ManualTicker();

    @Override
    protected Claims open(Expiry expiry) {
        return Claims.inProcess(ticker, expiry);
    }

    @Override
    protected void letExpire(Claims claims, String name) {
        ticker.advance(ttl().plusMillis(1));
    }

    @Override
    protected Duration ttl() {
        return Duration.ofSeconds(10);
    }
}
