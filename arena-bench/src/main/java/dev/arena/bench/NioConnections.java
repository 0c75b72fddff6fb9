package dev.arena.bench;

import dev.arena.time.Ticker;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * Many client connections to the server on one selector thread (the caller's), each sending one request and handing
 * what it reads to a {@link Protocol}: what the benchmark readers of either transport ({@link NioSseClients},
 * {@link NioWsClients}) share, so that the two cost the same per byte apart from their parsing. Not thread-safe.
 */
final class NioConnections implements AutoCloseable {

    /** One transport's side of a connection. */
    interface Protocol {
        /** The request connection {@code index} sends once connected. */
        byte[] request(int index);

        /**
         * Takes what connection {@code index} read ({@code data}, valid during the call only); false when the server
         * closed the stream, so the connection is closed and counted.
         */
        boolean received(int index, SocketChannel channel, ByteBuffer data, long nanoTime) throws IOException;
    }

    private final Selector selector = Selector.open();
    private final InetSocketAddress address;
    private final int count;
    private final Protocol protocol;
    private final List<SocketChannel> channels = new ArrayList<>();
    private final ByteBuffer scratch = ByteBuffer.allocateDirect(256 * 1024);
    private int closed;

    NioConnections(int port, int count, Protocol protocol) throws IOException {
        this.address = new InetSocketAddress("127.0.0.1", port);
        this.count = count;
        this.protocol = protocol;
    }

    int port() {
        return address.getPort();
    }

    /** Opens every connection, in waves of 256 so the server's accept queue keeps up. */
    void connectAll() throws IOException {
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

    /** Connections the server has closed so far. */
    int closed() {
        return closed;
    }

    /** The selector loop runs on the caller's thread: its CPU time is the clients'. */
    long cpuNanos() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    /** Runs the selector loop for {@code millis}. */
    void pump(long millis) throws IOException {
        long until = Ticker.system().nanos() + millis * 1_000_000;
        while (Ticker.system().nanos() < until) {
            selector.select(Math.max(1, (until - Ticker.system().nanos()) / 1_000_000));
            long now = Ticker.system().nanos();
            for (SelectionKey key : selector.selectedKeys()) {
                SocketChannel ch = (SocketChannel) key.channel();
                int index = (Integer) key.attachment();
                try {
                    if (key.isConnectable() && ch.finishConnect()) {
                        ch.write(ByteBuffer.wrap(protocol.request(index)));
                        key.interestOps(SelectionKey.OP_READ);
                    } else if (key.isReadable()) {
                        scratch.clear();
                        int n = ch.read(scratch);
                        boolean open = n >= 0;
                        if (n > 0) {
                            scratch.flip();
                            open = protocol.received(index, ch, scratch, now);
                        }
                        if (!open) {
                            key.cancel();
                            ch.close();
                            closed++;
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
