package dev.arena.diag.source;

import dev.arena.diag.DiagContext;
import dev.arena.diag.redis.RedisInspector;
import dev.arena.diag.redis.RedisUnavailableException;
import dev.arena.diag.server.ServerClient;
import dev.arena.time.Ticker;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * The live sources a diagnostic reads — the server client and (lazily) the Redis inspector —
 * opened from one {@link DiagContext} and closed together. A failed Redis connection is
 * remembered, so several checks in one command do not each wait for the same dead Redis.
 * Not thread-safe; one command or one console refresher owns it.
 */
public final class DiagSources implements AutoCloseable {

    private final DiagContext context;
    private final Supplier<String> clientNameSource;
    private String clientName;
    private final Clock clock;
    private final Ticker ticker;
    private ServerClient server;
    private RedisInspector redis;
    private RedisUnavailableException redisFailure;

    /** Sources that measure and wait on the system ticker. */
    public DiagSources(DiagContext context, String clientName, Clock clock) {
        this(context, clientName, clock, Ticker.system());
    }

    /**
     * @param clientName the Redis connection name, e.g. {@code arena-cli@host:pid}
     * @param clock      wall time (timestamps, ages)
     * @param ticker     elapsed time and waiting (observation windows, repeats, retries)
     */
    public DiagSources(DiagContext context, String clientName, Clock clock, Ticker ticker) {
        this(context, () -> clientName, clock, ticker);
    }

    /**
     * Sources whose client name is worked out only when something asks for it (a Redis connection, an audit line):
     * the usual {@code role@host:pid} looks the host name up, which a command that only asks the server skips.
     *
     * @param clientName gives the Redis connection name, e.g. {@code arena-cli@host:pid}; called at most once
     */
    public DiagSources(DiagContext context, Supplier<String> clientName, Clock clock, Ticker ticker) {
        this.context = context;
        this.clientNameSource = clientName;
        this.clock = clock;
        this.ticker = ticker;
    }

    public DiagContext context() {
        return context;
    }

    public Clock clock() {
        return clock;
    }

    /** What every diagnostic run on these sources measures elapsed time and waits with. */
    public Ticker ticker() {
        return ticker;
    }

    /** The client name Redis connections announce. */
    public String clientName() {
        if (clientName == null) {
            clientName = clientNameSource.get();
        }
        return clientName;
    }

    /** The server client (created on first use; creating it contacts nothing). */
    public ServerClient server() {
        if (server == null) {
            server = new ServerClient(
                    context.serverUrl(),
                    context.adminToken().orElse(null),
                    context.readerToken().orElse(null),
                    context.timeout());
        }
        return server;
    }

    /**
     * The Redis inspector, connected on first use.
     *
     * @throws RedisUnavailableException when Redis is unreachable or refuses the credentials (remembered)
     */
    public RedisInspector redis() {
        if (redisFailure != null) {
            throw redisFailure;
        }
        if (redis == null) {
            try {
                redis = RedisInspector.connect(context.redisUrl(), clientName(), context.timeout(), clock, ticker);
            } catch (RedisUnavailableException e) {
                redisFailure = e;
                throw e;
            }
        }
        return redis;
    }

    /** True when run state is read from Redis (backend redis or {@code --redis}). */
    public boolean redisSelected() {
        return context.redisSelected();
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
        if (redis != null) {
            redis.close();
        }
    }
}
