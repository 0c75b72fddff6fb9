package dev.arena.server;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The WebSocket upgrade request written by hand on a plain socket, for tests that need a peer no client library would
 * be: one that never reads, never answers a ping, or reads the server's frames byte by byte.
 */
final class RawWebSocket {

    private RawWebSocket() {}

    /** Sends {@code GET /ws[?query]} with the upgrade headers; the caller reads the answer. */
    static void requestUpgrade(Socket socket, int port, String query) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(("GET /ws" + (query.isEmpty() ? "" : "?" + query) + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                        + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }
}
