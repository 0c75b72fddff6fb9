package dev.arena.diag.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arena.broker.RunId;
import dev.arena.json.Json;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.sse.EventSource;
import okhttp3.sse.EventSourceListener;
import okhttp3.sse.EventSources;

/** Reads a bounded range of a run's events over the server's SSE endpoint, then cancels the stream. */
final class SseReader {

    private final OkHttpClient http;
    private final HttpUrl base;

    SseReader(OkHttpClient http, HttpUrl base, Duration timeout) {
        this.http = http.newBuilder()
                .readTimeout(0, TimeUnit.MILLISECONDS)
                .callTimeout(0, TimeUnit.MILLISECONDS)
                .connectTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .build();
        this.base = base;
    }

    List<String> read(RunId run, long fromSeq, long toSeq, Duration wait) {
        HttpUrl url = base.resolve("events")
                .newBuilder()
                .addQueryParameter("run_id", run.value())
                .addQueryParameter("from_seq", Long.toString(Math.max(1, fromSeq)))
                .build();
        List<String> out = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(1);
        Throwable[] failure = new Throwable[1];
        int[] code = new int[1];
        EventSource source = EventSources.createFactory(http)
                .newEventSource(new Request.Builder().url(url).build(), new EventSourceListener() {
                    @Override
                    public void onEvent(EventSource es, String id, String type, String data) {
                        if ("end".equals(type) || "overflow".equals(type)) {
                            done.countDown();
                            return;
                        }
                        if ("resumed".equals(type)) { // the resume outcome; an overflow follows when not exact
                            return;
                        }
                        out.add(data);
                        JsonNode env = Json.parse(data);
                        if (env.path("seq").asLong() >= toSeq) {
                            done.countDown();
                        }
                    }

                    @Override
                    public void onClosed(EventSource es) {
                        done.countDown();
                    }

                    @Override
                    public void onFailure(EventSource es, Throwable t, Response response) {
                        failure[0] = t;
                        code[0] = response == null ? 0 : response.code();
                        done.countDown();
                    }
                });
        try {
            done.await(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            source.cancel();
        }
        if (code[0] == 404) {
            throw new ServerErrorException(404, "not_found", "run " + run + " is unknown to the server");
        }
        if (code[0] == 401 || code[0] == 403) {
            throw new ServerErrorException(
                    code[0],
                    code[0] == 401 ? "unauthorized" : "forbidden",
                    "token " + (code[0] == 401 ? "missing or refused" : "refused for run " + run)
                            + ", mint one with arena diag token (pass it with --token or ARENA_TOKEN): GET /events"
                            + " answered " + code[0]);
        }
        if (code[0] >= 400) {
            throw new ServerErrorException(
                    code[0], "http_" + code[0], "GET /events for " + run + " answered " + code[0]);
        }
        if (failure[0] != null && out.isEmpty()) {
            throw new ServerUnreachableException(
                    "event stream of " + run + " failed: "
                            + ServerClient.describe(
                                    failure[0] instanceof IOException io ? io : new IOException(failure[0])),
                    failure[0]);
        }
        synchronized (out) {
            return List.copyOf(out);
        }
    }
}
