package dev.arena.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.broker.Envelope;
import dev.arena.broker.Event;
import dev.arena.broker.RunId;
import dev.arena.config.StoreLocation;
import dev.arena.fixture.ServerFixture;
import dev.arena.store.RunStore;
import dev.arena.store.StoredRun;
import dev.arena.testkit.PostgresServer;
import dev.arena.wire.RunStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A WebSocket reader catching up from the store when the store stops answering is told so — an {@code error} frame
 * {@code unavailable} naming the store, then close code 1013 (try again later) — not a bare {@code 1011 internal
 * error}: what it received is all in order, and it resumes with {@code last_event_id}.
 */
class WebSocketStoreOutageIT {

    private static final int EVENTS = 100_000; // far more than the loopback socket buffers hold

    @TempDir
    Path dir;

    @Test
    void aStoreThatStopsAnsweringMidCatchUp_endsTheReaderWithUnavailableAndTryAgainLater() throws Exception {
        try (PostgresServer pg = PostgresServer.startNew()) {
            RunId run = RunId.random();
            try (RunStore store = RunStore.open(StoreLocation.parse(pg.url()))) {
                Instant t0 = Instant.parse("2026-12-07T00:00:00Z");
                List<Envelope> events = new ArrayList<>();
                for (int seq = 1; seq <= EVENTS; seq++) {
                    String kind = seq == EVENTS ? "run.complete" : "agent.signal";
                    events.add(Envelope.of(run, seq, Event.of(kind, Map.of("i", seq)), t0.plusMillis(seq)));
                }
                store.persist(
                        new StoredRun(run, null, RunStatus.COMPLETE, t0, t0.plusMillis(EVENTS), EVENTS, EVENTS),
                        events);
            }
            try (ServerFixture fx =
                            ServerFixture.builder(dir).postgres(pg.url()).start();
                    Socket socket = new Socket("127.0.0.1", fx.server.port())) {
                RawWebSocket.requestUpgrade(socket, fx.server.port(), "run_id=" + run + "&from_seq=1");
                socket.setSoTimeout(60_000);
                InputStream in = socket.getInputStream();
                byte[] first = new byte[12];
                assertThat(in.readNBytes(first, 0, 12)).isEqualTo(12);
                assertThat(new String(first, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 101");

                // the catch-up has begun (the first envelope came from the store), so the outage hits mid-stream rather
                // than the subscription; then the reader reads nothing more: the server's writes stall on the full
                // socket with pages still to read
                readUntil(in, "\"seq\":1,");
                pg.stop();
                ByteArrayOutputStream rest = new ByteArrayOutputStream();
                in.transferTo(rest); // to the end of the stream: the server closes it
                byte[] bytes = rest.toByteArray();
                String text = new String(bytes, StandardCharsets.ISO_8859_1);

                assertThat(text)
                        .contains("\"type\":\"error\",\"code\":\"unavailable\"")
                        .contains("the store")
                        .contains("last_event_id")
                        .doesNotContain("\"type\":\"end\"")
                        .doesNotContain("internal error");
                // the close frame: FIN + close opcode, a payload starting with code 1013
                assertThat(closeCode(bytes)).isEqualTo(1013);
            }
        }
    }

    /** Reads byte by byte until what was read ends with {@code marker}. */
    private static void readUntil(InputStream in, String marker) throws IOException {
        byte[] want = marker.getBytes(StandardCharsets.US_ASCII);
        byte[] window = new byte[want.length];
        int seen = 0;
        while (seen < want.length || !Arrays.equals(window, want)) {
            int b = in.read();
            assertThat(b).as("the stream ended before %s", marker).isNotNegative();
            System.arraycopy(window, 1, window, 0, want.length - 1);
            window[want.length - 1] = (byte) b;
            seen++;
        }
    }

    /** The status code of the last close frame in {@code bytes} (server frames are unmasked), or -1. */
    private static int closeCode(byte[] bytes) {
        for (int i = bytes.length - 4; i >= 0; i--) {
            if ((bytes[i] & 0xff) == 0x88
                    && (bytes[i + 1] & 0x80) == 0
                    && (bytes[i + 1] & 0x7f) >= 2
                    && i + 2 + (bytes[i + 1] & 0x7f) == bytes.length) {
                return ((bytes[i + 2] & 0xff) << 8) | (bytes[i + 3] & 0xff);
            }
        }
        return -1;
    }
}
