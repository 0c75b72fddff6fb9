package dev.arena.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.broker.EventBroker;
import dev.arena.broker.inprocess.InProcessEventBroker;
import dev.arena.config.BrokerSettings;
import dev.arena.fixture.ServerFixture;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A connection trickling its request head is cut at the header deadline
 * ({@code ARENA_HEADER_TIMEOUT}, made short here) although each byte restarts the idle timeout,
 * and {@code ARENA_MAX_CONNECTIONS} caps the connections held at once. The test only ever waits
 * with bounded reads.
 */
class HeaderDeadlineAndConnectionCapIT {

    @TempDir
    Path dir;

    EventBroker broker;
    ServerFixture fx;
    final ScheduledExecutorService trickler = Executors.newSingleThreadScheduledExecutor();

    void start(Map<String, String> extra) throws Exception {
        Map<String, String> env = ServerFixture.env(dir);
        env.putAll(extra);
        fx = ServerFixture.start(broker, dir, env, b -> {});
    }

    @BeforeEach
    void broker() {
        broker = new InProcessEventBroker(BrokerSettings.DEFAULTS, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        trickler.shutdownNow();
        if (fx != null) {
            fx.close();
        }
        broker.close();
    }

    @Test
    void headTrickledOneByteAtATime_isCutAtTheHeaderDeadline_notHeldForever() throws Exception {
        start(Map.of("ARENA_HEADER_TIMEOUT", "1s")); // the idle timeout stays at its 60 s default
        byte[] head = ("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + "a".repeat(500) + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        AtomicInteger sent = new AtomicInteger();
        try (Socket socket = new Socket("127.0.0.1", fx.server.port())) {
            OutputStream out = socket.getOutputStream();
            trickler.scheduleAtFixedRate(
                    () -> {
                        int i = sent.get();
                        if (i < head.length) {
                            try {
                                out.write(head[i]);
                                out.flush();
                                sent.incrementAndGet();
                            } catch (IOException closed) {
                                throw new IllegalStateException("closed", closed); // stops the trickle
                            }
                        }
                    },
                    0,
                    100,
                    TimeUnit.MILLISECONDS); // 10 bytes a second: the whole head would take almost a minute
            socket.setSoTimeout(20_000);
            long started = System.nanoTime();
            InputStream in = socket.getInputStream();
            int first;
            try {
                first = in.read();
            } catch (SocketException reset) {
                first = -1;
            }
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertThat(first).as("the server closed without answering").isEqualTo(-1);
            assertThat(sent.get()).as("closed mid-head").isLessThan(head.length);
            assertThat(tookMillis)
                    .as("closed by the 1 s head deadline, long before the 60 s idle timeout")
                    .isLessThan(15_000);
        }
    }

    @Test
    void headerDeadline_leavesKeepAliveAndQuickRequestsAlone() throws Exception {
        start(Map.of("ARENA_HEADER_TIMEOUT", "1s"));
        try (Socket socket = new Socket("127.0.0.1", fx.server.port())) {
            socket.setSoTimeout(10_000);
            String request = "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            assertThat(readResponseHead(socket.getInputStream())).startsWith("HTTP/1.1 200");
            // idle between requests for three deadlines: still open (a bounded read that must time out)
            socket.setSoTimeout(3_000);
            assertThat(readTimesOut(socket.getInputStream()))
                    .as("keep-alive connection still open")
                    .isTrue();
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            assertThat(readResponseHead(socket.getInputStream())).startsWith("HTTP/1.1 200");
        }
    }

    @Test
    void connectionsBeyondArenaMaxConnections_waitUntilOneCloses() throws Exception {
        start(Map.of("ARENA_MAX_CONNECTIONS", "3"));
        String request = "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                Socket s = new Socket("127.0.0.1", fx.server.port());
                s.setSoTimeout(10_000);
                s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
                assertThat(readResponseHead(s.getInputStream())).startsWith("HTTP/1.1 200");
                held.add(s);
            }
            try (Socket fourth =
                    new Socket("127.0.0.1", fx.server.port())) { // the kernel queues it; the server does not accept it
                fourth.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
                fourth.setSoTimeout(2_000);
                assertThat(readTimesOut(fourth.getInputStream()))
                        .as("no answer while 3 connections are held")
                        .isTrue();
                held.remove(0).close();
                fourth.setSoTimeout(10_000);
                assertThat(readResponseHead(fourth.getInputStream()))
                        .as("answered once one closed")
                        .startsWith("HTTP/1.1 200");
            }
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    /** Reads up to the blank line that ends a response head (the body is left unread). */
    private static String readResponseHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        String text = head.toString();
        int length = text.toLowerCase().indexOf("content-length: ");
        if (length >= 0) {
            int n = Integer.parseInt(
                    text.substring(length + 16, text.indexOf("\r\n", length)).trim());
            in.readNBytes(n);
        }
        return text;
    }

    private static boolean readTimesOut(InputStream in) throws IOException {
        try {
            return in.read() == Integer.MIN_VALUE; // never: a byte or EOF means the connection was answered or closed
        } catch (SocketTimeoutException expected) {
            return true;
        }
    }
}
