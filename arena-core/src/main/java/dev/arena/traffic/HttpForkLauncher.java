package dev.arena.traffic;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arena.broker.RunId;
import dev.arena.config.Secrets;
import dev.arena.json.Json;
import dev.arena.wire.ErrorBody;
import dev.arena.wire.ForkStarted;
import dev.arena.wire.WireJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Requests forks from a running server with {@code POST /forks} (docs/api.md). The server must
 * see the parent run, so this only makes sense when the race and the server share a Redis.
 */
public final class HttpForkLauncher implements ForkLauncher {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final URI forks;
    private final String shownServer;
    private final HttpClient client;

    /**
     * @param serverUrl the server's base URL, e.g. {@code http://127.0.0.1:8000}
     * @throws IllegalArgumentException when it is not an http(s) URL
     */
    public HttpForkLauncher(String serverUrl) {
        URI base;
        try {
            base = URI.create(serverUrl.endsWith("/") ? serverUrl : serverUrl + "/");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "--server '" + Secrets.maskUrl(serverUrl) + "' is not a URL: " + e.getMessage(), e);
        }
        if (!"http".equals(base.getScheme()) && !"https".equals(base.getScheme())) {
            throw new IllegalArgumentException(
                    "--server '" + Secrets.maskUrl(serverUrl) + "' is not an http(s) URL, e.g. http://127.0.0.1:8000");
        }
        this.forks = base.resolve("forks");
        this.shownServer = Secrets.maskUrl(serverUrl);
        this.client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    }

    @Override
    public String fork(RunId parent, int index) throws IOException, InterruptedException {
        ObjectNode body = Json.mapper().createObjectNode().put("parent_run_id", parent.value());
        HttpRequest request = HttpRequest.newBuilder(forks)
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IOException("POST " + shownServer + "/forks failed: " + e, e);
        }
        if (response.statusCode() != 202) {
            throw new IOException("POST " + shownServer + "/forks answered " + response.statusCode() + ": "
                    + detail(response.body()));
        }
        String child = WireJson.read(response.body(), ForkStarted.class).childRunId();
        return "child run " + (child == null ? "?" : child);
    }

    private static String detail(String body) {
        try {
            ErrorBody error = WireJson.read(body, ErrorBody.class);
            if (error.detail() != null) {
                return error.detail();
            }
        } catch (IllegalArgumentException notJson) {
            // fall through to the raw text
        }
        return body.length() > 200 ? body.substring(0, 200) + "..." : body;
    }
}
