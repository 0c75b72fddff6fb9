package dev.arena.bench;

import dev.arena.time.Ticker;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Many SSE clients on one selector thread (the caller's): each sends {@code GET /events} like
 * {@code curl -N} and hands what it reads to a {@link Reader}. Cheap enough per client that a
 * benchmark measures the server, not the clients. Not thread-safe.
 */
final class NioSseClients implements BenchReaders {

    private final Selector selector = Selector.open();
    private final InetSocketAddress address;
    private final IntFunction<String> query;
    private final int count;
    private final Reader reader;
    private final List<SocketChannel> channels = new ArrayList<>();
    private final ByteBuffer scratch = ByteBuffer.allocateDirect(256 * 1024);
    private int closed;

    NioSseClients(int port, String run, int count, Reader reader) throws IOException {
        this(port, i -> "run_id=" + run, count, reader);
    }

    /** @param query the query string of client {@code i}'s {@code GET /events} (its run, and a token if any) */
    NioSseClients(int port, IntFunction<String> query, int count, Reader reader) throws IOException {
        this.address = new InetSocketAddress("127.0.0.1", port);
        this.query = query;
        this.count = count;
        this.reader = reader;
    }

    private byte[] request(int index) {
        return ("GET /events?" + query.apply(index) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** Opens every connection, in waves of 256 so the server's accept queue keeps up. */
    @Override
    public void connectAll() throws IOException {
        for (int i = 0; i < count; i++) {
            SocketChannel ch = SocketChannel.open();
            ch.configureBlocking(false);
            ch.connect(address);
            ch.register(selector, SelectionKey.OP_CONNECT, i);
            channels.add(ch);
            if (i % 256 == 255) {
                pump(50);
            }
        }
    }

    @Override
    public int closed() {
        return closed;
    }

    /** The selector loop runs on the caller's thread: its CPU time is the clients'. */
    @Override
    public long cpuNanos() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    /** Runs the selector loop for {@code millis}. */
    @Override
    public void pump(long millis) throws IOException {
        long until = Ticker.system().nanos() + millis * 1_000_000;
        while (Ticker.system().nanos() < until) {
            selector.select(Math.max(1, (until - Ticker.system().nanos()) / 1_000_000));
            long now = Ticker.system().nanos();
            for (SelectionKey key : selector.selectedKeys()) {
                SocketChannel ch = (SocketChannel) key.channel();
                int index = (Integer) key.attachment();
                try {
                    if (key.isConnectable() && ch.finishConnect()) {
                        ch.write(ByteBuffer.wrap(request(index)));
                        key.interestOps(SelectionKey.OP_READ);
                    } else if (key.isReadable()) {
                        scratch.clear();
                        int n = ch.read(scratch);
                        if (n < 0) {
                            key.cancel();
                            ch.close();
                            closed++;
                        } else if (n > 0) {
                            scratch.flip();
                            reader.read(index, scratch, now);
                        }
                    }
                } catch (IOException e) {
                    key.cancel();
                    ch.close();
                    closed++;
                }
            }
            selector.selectedKeys().clear();
        }
    }

    @Override
    public void close() throws IOException {
        for (SocketChannel ch : channels) {
            ch.close();
        }
        selector.close();
    }
}
