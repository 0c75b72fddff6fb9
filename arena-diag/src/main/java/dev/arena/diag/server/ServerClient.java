package dev.arena.diag.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arena.broker.RunId;
import dev.arena.config.Secrets;
import dev.arena.wire.ErrorBody;
import dev.arena.wire.ForkCancelled;
import dev.arena.wire.ForkList;
import dev.arena.wire.ForkStarted;
import dev.arena.wire.ForkTaskView;
import dev.arena.wire.Health;
import dev.arena.wire.Liveness;
import dev.arena.wire.ReaderList;
import dev.arena.wire.Readiness;
import dev.arena.wire.ReapReceipt;
import dev.arena.wire.RunDetail;
import dev.arena.wire.RunStatus;
import dev.arena.wire.RunSummary;
import dev.arena.wire.ServerMetrics;
import dev.arena.wire.WireJson;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionSpec;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * A typed client of the arena server (docs/api.md), bounded by a per-call timeout so a dead server
 * is reported within seconds. Thread-safe; {@link #close()} releases the connection pool and
 * threads. Admin calls send the admin token given at construction; every other call (and the SSE stream) sends the
 * reader token, a JWT, when one is given — the server needs it when reader authorization is on. Neither is ever
 * logged or put in a message. A 401/403 says which token is missing or refused and how to get one.
 */
public final class ServerClient implements AutoCloseable {

    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

    private final HttpUrl base;
    private final String adminToken;
    private final String readerToken;
    private final OkHttpClient http;
    private final Duration timeout;

    /**
     * @param baseUrl    e.g. {@code http://127.0.0.1:8000}
     * @param adminToken bearer token for admin endpoints, or null
     * @param timeout    bound for connecting and for each whole call
     * @throws IllegalArgumentException when the URL does not parse
     */
    public ServerClient(String baseUrl, String adminToken, Duration timeout) {
        this(baseUrl, adminToken, null, timeout);
    }

    /**
     * @param baseUrl     e.g. {@code http://127.0.0.1:8000}
     * @param adminToken  bearer token for admin endpoints, or null
     * @param readerToken the reader JWT sent on every other call ({@code --token} / {@code ARENA_TOKEN}), or null
     * @param timeout     bound for connecting and for each whole call
     * @throws IllegalArgumentException when the URL does not parse
     */
    public ServerClient(String baseUrl, String adminToken, String readerToken, Duration timeout) {
        HttpUrl parsed = HttpUrl.parse(Objects.requireNonNull(baseUrl, "baseUrl"));
        if (parsed == null) {
            throw new IllegalArgumentException("server URL '" + Secrets.maskUrl(baseUrl) + "' is not an http(s) URL");
        }
        this.base = parsed;
        this.adminToken = adminToken;
        this.readerToken = readerToken == null || readerToken.isBlank() ? null : readerToken.trim();
        this.timeout = timeout;
        OkHttpClient.Builder builder = new OkHttpClient.Builder();
        if (this.readerToken != null) {
            String bearer = "Bearer " + this.readerToken;
            builder.addInterceptor(chain -> chain.request().header("Authorization") != null
                    ? chain.proceed(chain.request())
                    : chain.proceed(chain.request()
                            .newBuilder()
                            .header("Authorization", bearer)
                            .build()));
        }
        if (!parsed.isHttps()) {
            // Plain HTTP needs no TLS: skipping it spares loading the JDK trust store on every CLI start.
            builder.connectionSpecs(List.of(ConnectionSpec.CLEARTEXT));
        }
        this.http = builder.connectTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .callTimeout(timeout.toMillis() * 2, TimeUnit.MILLISECONDS)
                .retryOnConnectionFailure(false)
                .build();
    }

    /** The base URL (contains no secret unless the operator put one there; print it masked). */
    public String baseUrl() {
        String url = base.toString();
        return Secrets.maskUrl(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    }

    /** {@code GET /health}; a 503 "degraded" answer is returned, not thrown. */
    public Health health() {
        return read(get("health", true), Health.class, "health");
    }

    /** {@code GET /health/live}: the process serves (touches neither Redis nor the store on the server). */
    public Liveness live() {
        return read(get("health/live", false), Liveness.class, "health/live");
    }

    /**
     * {@code GET /health/ready}: each dependency's status; a 503 {@code unavailable} answer is returned, not thrown.
     *
     * @throws ServerErrorException 404 from a server older than the readiness probe
     */
    public Readiness ready() {
        return read(get("health/ready", true), Readiness.class, "health/ready");
    }

    /** {@code GET /runs}, newest first (the server's default limit, 1,000). */
    public List<RunSummary> runs() {
        return runs(1_000, null);
    }

    /**
     * {@code GET /runs?limit=…[&status=…]}, newest first: at most {@code limit} runs (clamped to the
     * server's 1–10,000), only those in {@code status} when it is not null.
     */
    public List<RunSummary> runs(int limit, RunStatus status) {
        return runs(limit, status, null);
    }

    /**
     * {@code GET /runs?limit=…[&status=…][&before=…]}: the page of at most {@code limit} runs (clamped to the
     * server's 1–10,000) that follows {@code before} — the last run id of the previous page, or an ISO-8601
     * instant — newest first; from the newest when {@code before} is null.
     */
    public List<RunSummary> runs(int limit, RunStatus status, String before) {
        HttpUrl.Builder url = base.resolve("runs")
                .newBuilder()
                .addQueryParameter("limit", String.valueOf(Math.max(1, Math.min(10_000, limit))));
        if (status != null) {
            url.addQueryParameter("status", status.wireName());
        }
        if (before != null) {
            url.addQueryParameter("before", before);
        }
        HttpUrl u = url.build();
        String text = call(new Request.Builder().url(u).get().build(), false);
        try {
            return WireJson.readList(text, RunSummary.class);
        } catch (IllegalArgumentException e) {
            throw new ServerErrorException(
                    502, "bad_response", "runs did not answer the JSON array of docs/api.md: " + e.getMessage());
        }
    }

    /** {@code GET /runs/{id}}; empty when the server does not know the run (404). */
    public Optional<RunDetail> run(RunId run) {
        String path = "runs/" + run.value();
        try {
            return Optional.of(read(get(path, false), RunDetail.class, path));
        } catch (ServerErrorException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** {@code GET /metrics}. */
    public ServerMetrics metrics() {
        return read(get("metrics", false), ServerMetrics.class, "metrics");
    }

    /** {@code GET /debug/readers}: this server's readers, the furthest behind first. */
    public ReaderList readers() {
        return read(get("debug/readers", false), ReaderList.class, "debug/readers");
    }

    /** {@code GET /debug/forks}: stuck first, then newest. */
    public List<ForkTaskView> forks() {
        return read(get("debug/forks", false), ForkList.class, "debug/forks").forks();
    }

    /**
     * {@code POST /forks}: starts a fork of {@code parent}.
     *
     * @param atSeq    replay up to this seq, or null for the parent's last
     * @param scenario fault injection such as {@code {"stall_at_seq":30}}, or null
     * @return the child run id
     */
    public String startFork(RunId parent, Long atSeq, JsonNode scenario) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("parent_run_id", parent.value());
        if (atSeq != null) {
            body.put("at_seq", atSeq);
        }
        if (scenario != null) {
            body.set("scenario", scenario);
        }
        return read(post("forks", body.toString(), true), ForkStarted.class, "forks")
                .childRunId();
    }

    /**
     * {@code POST /admin/runs/{id}/reap}: the server persists what is retained, publishes
     * {@code run.reaped} and drops the run.
     *
     * @throws ServerErrorException 401/403 when the admin token is missing or wrong, 404 unknown run
     */
    public ReapReceipt reap(RunId run, String reason) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        if (reason != null) {
            body.put("reason", reason);
        }
        String path = "admin/runs/" + run.value() + "/reap";
        return read(post(path, body.toString(), true), ReapReceipt.class, path);
    }

    /** {@code POST /admin/forks/{name}/cancel}: the cancelled task as the server now reports it. */
    public ForkTaskView cancelFork(String name) {
        if (name == null || !name.matches("[A-Za-z0-9._-]{1,100}")) {
            throw new IllegalArgumentException("invalid fork task name '" + name + "': expected e.g. fork-9a4d3f2b");
        }
        String path = "admin/forks/" + name + "/cancel";
        return read(post(path, "{}", true), ForkCancelled.class, path).task();
    }

    /**
     * Reads envelopes {@code fromSeq..toSeq} of a run over SSE ({@code GET /events}) and stops at
     * {@code toSeq}, at the run's end, on overflow, or after {@code wait}, whichever comes first.
     *
     * @return the envelopes' JSON text, in seq order
     */
    public List<String> events(RunId run, long fromSeq, long toSeq, Duration wait) {
        return new SseReader(http, base, timeout).read(run, fromSeq, toSeq, wait);
    }

    /**
     * The body of a GET; with {@code degradedHealth}, a 503 whose body is a health answer ({@link Health},
     * {@link Readiness}) rather than an error is returned, not thrown.
     */
    private String get(String path, boolean degradedHealth) {
        Request request = new Request.Builder().url(base.resolve(path)).get().build();
        return call(request, degradedHealth);
    }

    private String post(String path, String json, boolean admin) {
        Request.Builder b = new Request.Builder().url(base.resolve(path)).post(RequestBody.create(json, JSON));
        if (admin && adminToken != null) {
            b.header("Authorization", "Bearer " + adminToken);
        } // else the reader token, when given, goes with it (an admin JWT works there too)
        return call(b.build(), false);
    }

    private String call(Request request, boolean degradedHealth) {
        String what = request.method() + " " + request.url().encodedPath();
        try (Response response = http.newCall(request).execute()) {
            ResponseBody rb = response.body();
            String text = rb == null ? "" : rb.string();
            if (response.isSuccessful() || (degradedHealth && response.code() == 503 && isHealth(text))) {
                return text.isBlank() ? "{}" : text;
            }
            ErrorBody body = errorBody(text);
            String error = body == null ? null : body.error();
            String detail = body == null ? null : body.detail();
            String message = what + " answered " + response.code()
                    + (detail != null ? ": " + detail : error != null ? ": " + error : "");
            boolean admin = request.url().encodedPath().startsWith("/admin/");
            if ((response.code() == 401 || response.code() == 403) && admin) {
                message += adminToken == null
                        ? " (set ARENA_ADMIN_TOKEN in this shell to the server's admin token, or send an admin JWT"
                                + " with --token / ARENA_TOKEN)"
                        : " (the ARENA_ADMIN_TOKEN in this shell does not match the server's)";
            } else if (response.code() == 401 || response.code() == 403) {
                // the advice first: a console line is cut at the terminal's width
                message = (readerToken == null
                                ? "token missing, mint one with arena diag token (pass it with --token or ARENA_TOKEN)"
                                : "token refused, mint one with arena diag token")
                        + ": " + what + " answered " + response.code() + (detail != null ? ": " + detail : "");
            }
            throw new ServerErrorException(
                    response.code(),
                    error == null ? "http_" + response.code() : error,
                    Secrets.scrub(message, adminToken, readerToken));
        } catch (IOException e) {
            throw new ServerUnreachableException(
                    "server " + baseUrl() + " unreachable (" + what + "): " + describe(e)
                            + " — is `arena server` running? (set ARENA_SERVER_URL or --server)",
                    e);
        }
    }

    /** A health answer carries a {@code status} and is no JSON error ({@code error}). */
    private static boolean isHealth(String text) {
        try {
            ErrorBody error = WireJson.read(text, ErrorBody.class);
            return error.error() == null && text.contains("\"status\"");
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static ErrorBody errorBody(String text) {
        if (text.isBlank()) {
            return null;
        }
        try {
            return WireJson.read(text, ErrorBody.class);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private <T extends Record> T read(String text, Class<T> type, String path) {
        try {
            return WireJson.read(text, type);
        } catch (IllegalArgumentException e) {
            throw new ServerErrorException(
                    502, "bad_response", path + " did not answer the JSON of docs/api.md: " + e.getMessage());
        }
    }

    static String describe(IOException e) {
        String m = e.getMessage();
        String kind = e.getClass().getSimpleName();
        if (e instanceof ConnectException) {
            return "connection refused";
        }
        if (e instanceof SocketTimeoutException || e instanceof InterruptedIOException) {
            return "timed out";
        }
        return m == null ? kind : kind + ": " + m;
    }

    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
