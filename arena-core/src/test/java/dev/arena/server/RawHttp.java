package dev.arena.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A raw HTTP/1 exchange over a plain {@link Socket}, for what a well-behaved client library will
 * not send: cut-off bodies, odd versions, byte trickles. Every read is bounded by a timeout.
 */
final class RawHttp {

    /** What came back: the whole text (empty when the server closed without answering), and whether the read timed out. */
    record Reply(String text, boolean timedOut) {
        /** The status of the first response line, or -1 when there was none. */
        int status() {
            if (!text.startsWith("HTTP/1.")) {
                return -1;
            }
            return Integer.parseInt(text.substring(9, 12));
        }

        /** The body after the blank line. */
        String body() {
            int i = text.indexOf("\r\n\r\n");
            return i < 0 ? "" : text.substring(i + 4);
        }
    }

    private RawHttp() {}

    /**
     * Sends {@code request}, half-closes the connection when {@code endOutput}, and reads until the
     * server closes or {@code wait} passes without a byte.
     */
    static Reply send(int port, byte[] request, boolean endOutput, Duration wait) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout((int) wait.toMillis());
            try {
                socket.getOutputStream().write(request);
                socket.getOutputStream().flush();
                if (endOutput) {
                    socket.shutdownOutput();
                }
            } catch (IOException refusedMidWrite) {
                // the server may answer and close before it has read everything (e.g. 413, 431): read what it said
            }
            return readAll(socket.getInputStream());
        }
    }

    static Reply send(int port, String request, boolean endOutput, Duration wait) throws IOException {
        return send(port, request.getBytes(StandardCharsets.ISO_8859_1), endOutput, wait);
    }

    static Reply readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            return new Reply(out.toString(StandardCharsets.ISO_8859_1), true);
        } catch (SocketException reset) {
            // connection reset after (or instead of) an answer
        }
        return new Reply(out.toString(StandardCharsets.ISO_8859_1), false);
    }
}
