package dev.arena.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.function.IntFunction;

/**
 * Many WebSocket readers of {@code GET /ws} on one selector thread (the caller's), as light per
 * event as {@link NioSseClients} so that a benchmark comparing the transports measures the server:
 * the readers share two cores with it, and a heavier client takes CPU the server then lacks. A
 * minimal RFC 6455 reader for this benchmark only: the upgrade request, then unmasked server frames
 * parsed in place (each whole text frame handed to the {@link BenchReaders.Reader}), pings answered
 * with a masked pong, a close frame or end of stream counted as closed. Fragmented messages are
 * refused loudly (the server sends every message as one frame). Not thread-safe.
 */
final class NioWsClients implements BenchReaders {

    private static final byte[] HEAD_END = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final NioConnections connections;
    private final Reader reader;
    private final byte[][] carry;
    private final boolean[] upgraded;
    private byte[] work = new byte[512 * 1024];

    /** @param query the query string of reader {@code i}'s {@code /ws} (its run, and a token if any) */
    NioWsClients(int port, IntFunction<String> query, int count, Reader reader) throws IOException {
        this.reader = reader;
        this.carry = new byte[count][];
        this.upgraded = new boolean[count];
        this.connections = new NioConnections(port, count, new NioConnections.Protocol() {
            @Override
            public byte[] request(int index) {
                return ("GET /ws?" + query.apply(index) + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII);
            }

            @Override
            public boolean received(int index, SocketChannel channel, ByteBuffer data, long nanoTime)
                    throws IOException {
                return consume(index, channel, data, nanoTime);
            }
        });
    }

    @Override
    public void connectAll() throws IOException {
        connections.connectAll();
    }

    @Override
    public void pump(long millis) throws IOException {
        connections.pump(millis);
    }

    @Override
    public int closed() {
        return connections.closed();
    }

    @Override
    public long cpuNanos() {
        return connections.cpuNanos();
    }

    /** Parses what reader {@code index} read after its carried-over bytes; false when the server closed. */
    private boolean consume(int index, SocketChannel ch, ByteBuffer scratch, long now) throws IOException {
        byte[] prev = carry[index];
        int prevLen = prev == null ? 0 : prev.length;
        int len = prevLen + scratch.remaining();
        if (work.length < len) {
            work = new byte[len * 2];
        }
        if (prev != null) {
            System.arraycopy(prev, 0, work, 0, prevLen);
        }
        scratch.get(work, prevLen, scratch.remaining());
        int at = 0;
        if (!upgraded[index]) {
            int head = indexOf(work, len, HEAD_END);
            if (head < 0) {
                carry[index] = java.util.Arrays.copyOf(work, len);
                return true;
            }
            String status = new String(work, 0, Math.min(head, 12), StandardCharsets.US_ASCII);
            if (!status.startsWith("HTTP/1.1 101")) {
                throw new IllegalStateException("upgrade refused: "
                        + new String(work, 0, head, StandardCharsets.US_ASCII)
                                .lines()
                                .findFirst()
                                .orElse(""));
            }
            upgraded[index] = true;
            at = head + HEAD_END.length;
        }
        boolean open = true;
        while (open && len - at >= 2) {
            int b0 = work[at] & 0xff;
            int b1 = work[at + 1] & 0xff;
            int header = 2;
            long payload = b1 & 0x7f;
            if (payload == 126) {
                header = 4;
                if (len - at < header) {
                    break;
                }
                payload = ((work[at + 2] & 0xff) << 8) | (work[at + 3] & 0xff);
            } else if (payload == 127) {
                header = 10;
                if (len - at < header) {
                    break;
                }
                payload = 0;
                for (int k = 2; k < 10; k++) {
                    payload = (payload << 8) | (work[at + k] & 0xff);
                }
            }
            if ((b1 & 0x80) != 0) {
                throw new IllegalStateException("the server sent a masked frame");
            }
            if (len - at - header < payload) {
                break;
            }
            int start = at + header;
            int size = (int) payload;
            int opcode = b0 & 0x0f;
            if ((b0 & 0x80) == 0 || opcode == 0) {
                throw new IllegalStateException("fragmented message: this benchmark reader takes whole frames only");
            }
            switch (opcode) {
                case 1 -> reader.read(index, ByteBuffer.wrap(work, start, size), now);
                case 9 -> pong(ch, start, size);
                case 8 -> open = false;
                default -> {} // binary, pong: nothing to record
            }
            at = start + size;
        }
        carry[index] = at == len ? null : java.util.Arrays.copyOfRange(work, at, len);
        return open;
    }

    /** A masked pong with the ping's payload (mask key 0, so the payload goes as it is). */
    private void pong(SocketChannel ch, int start, int size) throws IOException {
        ByteBuffer frame = ByteBuffer.allocate(6 + size);
        frame.put((byte) 0x8A)
                .put((byte) (0x80 | size))
                .putInt(0)
                .put(work, start, size)
                .flip();
        while (frame.hasRemaining()) {
            ch.write(frame);
        }
    }

    private static int indexOf(byte[] b, int len, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= len; i++) {
            for (int k = 0; k < pattern.length; k++) {
                if (b[i + k] != pattern[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Override
    public void close() throws IOException {
        connections.close();
    }
}
