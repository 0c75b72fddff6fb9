package dev.arena.tui;

import static org.assertj.core.api.Assertions.assertThat;

import com.googlecode.lanterna.input.KeyType;
import java.time.Duration;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code :readers} opens a window listing who reads from the server (here one SSE reader of the busy run) with its
 * transport, runs and lag, fitting an 80×24 terminal, and Esc closes it.
 */
class ConsoleReadersWindowIT {

    @RegisterExtension
    final ConsoleStage stage = new ConsoleStage();

    @Test
    void readersCommand_listsTheServersReaders_at80x24() throws Exception {
        OkHttpClient http =
                new OkHttpClient.Builder().readTimeout(Duration.ZERO).build();
        try (Response sse = http.newCall(new Request.Builder()
                        .url(stage.scene.serverUrl() + "/events?run_id=" + stage.scene.busy)
                        .build())
                .execute()) {
            assertThat(sse.code()).isEqualTo(200);
            stage.open(false, 80, 24);
            stage.screen.awaitText("health ok", stage.scene.busy.prefix());

            stage.screen.type(":readers");
            stage.screen.awaitText("Command");
            stage.screen.press(KeyType.Enter);

            stage.screen.awaitText("Readers", "TRANSPORT", "sse ", stage.scene.busy.prefix(), "none falling behind");
            assertThat(stage.screen.lines()).allMatch(l -> l.length() <= 80);
            stage.screen.press(KeyType.Escape);
            stage.screen.awaitGone("TRANSPORT");
        } finally {
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
        }
    }
}
