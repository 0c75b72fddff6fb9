package dev.arena.server;

import dev.arena.ownership.ForkLease;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Sends a fork cancel on to the server that owns the task (its URL from the task's lease), with the
 * caller's admin token, and returns the owner's answer to relay unchanged. The request carries
 * {@value #HEADER}, and a request that carries it is never forwarded again, so two servers that
 * disagree about an owner cannot bounce a cancel between them. Thread-safe.
 */
final class CancelForwarder {

    static final String HEADER = "X-Arena-Forwarded-By";

    /** The owner's answer. */
    record Answer(int status, String body) {}

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    /**
     * @param authorization the caller's {@code Authorization} header (already checked here; the owner checks it again)
     * @throws IOException when the owner cannot be reached or does not answer within 10 s
     */
    Answer forward(ForkLease lease, String authorization, String selfId) throws IOException, InterruptedException {
        URI uri = URI.create(lease.ownerUrl() + "/admin/forks/" + lease.name() + "/cancel");
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .header(HEADER, selfId)
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Answer(response.statusCode(), response.body());
    }
}
