package dev.arena.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arena.json.Json;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;

/**
 * Records what an OkHttp {@link WebSocket} receives, in order (a queue with blocking assertions),
 * and how it closed or failed.
 */
final class WsRecorder extends WebSocketListener {

    private static final Duration WAIT = Duration.ofSeconds(15);

    final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    final CompletableFuture<Response> failure = new CompletableFuture<>();
    final CompletableFuture<Response> opened = new CompletableFuture<>();
    WebSocket socket;

    static WsRecorder open(OkHttpClient http, Request request) {
        WsRecorder r = new WsRecorder();
        r.socket = http.newWebSocket(request, r);
        return r;
    }

    static WsRecorder open(OkHttpClient http, String url) {
        return open(http, new Request.Builder().url(url).build());
    }

    /** The next message, failing after a timeout. */
    String next() throws InterruptedException {
        String m = messages.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(m).as("a WebSocket message within " + WAIT).isNotNull();
        return m;
    }

    JsonNode nextJson() throws InterruptedException {
        return Json.parse(next());
    }

    /** The next message, which must be a control frame of {@code type}. */
    JsonNode nextControl(String type) throws InterruptedException {
        JsonNode n = nextJson();
        assertThat(n.path("type").asText()).as("control frame in " + n).isEqualTo(type);
        return n;
    }

    void send(String text) {
        assertThat(socket.send(text)).isTrue();
    }

    @Override
    public void onOpen(WebSocket webSocket, Response response) {
        opened.complete(response);
    }

    @Override
    public void onMessage(WebSocket webSocket, String text) {
        messages.add(text);
    }

    @Override
    public void onClosing(WebSocket webSocket, int code, String reason) {
        closeCode.complete(code);
        webSocket.close(code == 1005 ? 1000 : code, null);
    }

    @Override
    public void onClosed(WebSocket webSocket, int code, String reason) {
        closeCode.complete(code);
    }

    @Override
    public void onFailure(WebSocket webSocket, Throwable t, Response response) {
        failure.complete(response);
        opened.completeExceptionally(t);
    }
}
