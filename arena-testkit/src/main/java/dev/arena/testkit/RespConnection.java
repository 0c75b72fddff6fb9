package dev.arena.testkit;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One plain socket to a Redis node speaking RESP2, enough for fixtures to start, inspect and empty
 * the servers they own (PING, CLUSTER *, INFO, FLUSHALL); tests use a real client for everything
 * else. Replies are {@link String} (simple and bulk), {@link Long}, {@code List<Object>} or null;
 * an error reply is thrown. Not thread-safe; the caller closes it.
 */
final class RespConnection implements AutoCloseable {

    private final String address;
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    private RespConnection(String host, int port, Duration timeout) throws IOException {
        this.address = host + ":" + port;
        this.socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(host, port), (int) Math.min(timeout.toMillis(), 1000));
            socket.setSoTimeout((int) timeout.toMillis());
            this.out = socket.getOutputStream();
            this.in = new BufferedInputStream(socket.getInputStream());
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /**
     * Connects to {@code host:port}, authenticating with {@code password} when it is not null.
     *
     * @throws IllegalStateException when the node cannot be reached or refuses the password
     */
    static RespConnection open(String host, int port, String password, Duration timeout) {
        RespConnection c;
        try {
            c = new RespConnection(host, port, timeout);
        } catch (IOException e) {
            throw new IllegalStateException("redis " + host + ":" + port + " cannot be reached: " + e.getMessage(), e);
        }
        if (password != null) {
            try {
                c.call("AUTH", password);
            } catch (RuntimeException e) {
                c.close();
                throw e;
            }
        }
        return c;
    }

    /** Sends one command and returns its parsed reply. */
    Object call(String... args) {
        try {
            send(args);
            return read(args[0]);
        } catch (IOException e) {
            throw new IllegalStateException(
                    "redis " + address + " did not answer " + args[0] + ": " + e.getMessage(), e);
        }
    }

    /** Sends one command and returns the first line of its reply as sent ({@code +PONG}, {@code -ERR …}, {@code $5}). */
    String callForFirstLine(String... args) {
        try {
            send(args);
            return readLine();
        } catch (IOException e) {
            throw new IllegalStateException(
                    "redis " + address + " did not answer " + args[0] + ": " + e.getMessage(), e);
        }
    }

    /** A bulk-string reply as text (INFO, CLUSTER INFO, CLUSTER NODES). */
    String callForText(String... args) {
        Object reply = call(args);
        if (!(reply instanceof String text)) {
            throw new IllegalStateException(
                    "redis " + address + " answered " + args[0] + " with " + reply + ", not text");
        }
        return text;
    }

    long callForLong(String... args) {
        Object reply = call(args);
        if (!(reply instanceof Long value)) {
            throw new IllegalStateException(
                    "redis " + address + " answered " + args[0] + " with " + reply + ", not an integer");
        }
        return value;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }

    private void send(String... args) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        buf.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.UTF_8));
        for (String a : args) {
            byte[] b = a.getBytes(StandardCharsets.UTF_8);
            buf.writeBytes(("$" + b.length + "\r\n").getBytes(StandardCharsets.UTF_8));
            buf.writeBytes(b);
            buf.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        out.write(buf.toByteArray());
        out.flush();
    }

    private Object read(String command) throws IOException {
        String line = readLine();
        if (line.isEmpty()) {
            throw new IOException("empty reply line");
        }
        String rest = line.substring(1);
        switch (line.charAt(0)) {
            case '+':
                return rest;
            case '-':
                throw new IllegalStateException("redis " + address + " refused " + command + ": " + rest);
            case ':':
                return Long.parseLong(rest);
            case '$': {
                int length = Integer.parseInt(rest);
                if (length < 0) {
                    return null;
                }
                byte[] data = in.readNBytes(length + 2);
                if (data.length < length + 2) {
                    throw new EOFException("bulk reply cut short");
                }
                return new String(data, 0, length, StandardCharsets.UTF_8);
            }
            case '*': {
                int count = Integer.parseInt(rest);
                if (count < 0) {
                    return null;
                }
                List<Object> items = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    items.add(read(command));
                }
                return items;
            }
            default:
                throw new IOException("unexpected reply line '" + line + "'");
        }
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\r') {
                int next = in.read();
                if (next == '\n') {
                    return line.toString(StandardCharsets.UTF_8);
                }
                line.write(b);
                if (next == -1) {
                    break;
                }
                line.write(next);
            } else {
                line.write(b);
            }
        }
        throw new EOFException("connection closed");
    }
}
