package dev.arena.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.function.IntFunction;

/**
 * Many SSE clients on one selector thread (the caller's): each sends {@code GET /events} like
 * {@code curl -N} and hands what it reads to a {@link Reader}. Cheap enough per client that a
 * benchmark measures the server, not the clients. Not thread-safe.
 */
final class NioSseClients implements BenchReaders {

    private final NioConnections connections;

    NioSseClients(int port, String run, int count, Reader reader) throws IOException {
        this(port, i -> "run_id=" + run, count, reader);
    }

    /** @param query the query string of client {@code i}'s {@code GET /events} (its run, and a token if any) */
    NioSseClients(int port, IntFunction<String> query, int count, Reader reader) throws IOException {
        this.connections = new NioConnections(port, count, new NioConnections.Protocol() {
            @Override
            public byte[] request(int index) {
                return ("GET /events?" + query.apply(index) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII);
            }

            @Override
            public boolean received(int index, SocketChannel channel, ByteBuffer data, long nanoTime) {
                reader.read(index, data, nanoTime);
                return true;
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

    @Override
    public void close() throws IOException {
        connections.close();
    }
}
