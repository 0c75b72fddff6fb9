package dev.arena.broker.redis;

import dev.arena.config.BrokerSettings;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.ProtocolKeyword;
import io.lettuce.core.protocol.RedisCommand;
import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A batch appended without Lua per event (docs/design.md, "Direct appends"). First {@link #check}:
 * {@code WATCH} of the run's counter and stream, then the read-only {@code publish-check.lua}. Only
 * once the check answered "go" does the publisher {@link #append}: {@code MULTI}, one native
 * {@code XADD <seq>-0} per event with the ids the check confirmed free, the batch's counter, trim,
 * idempotency record, sentinel, expiries and announcement, and {@code EXEC} — which Redis discards
 * if anything touched the run since the {@code WATCH}. Otherwise it sends {@link #unwatch}.
 *
 * <p>The transaction goes out as one Lettuce command with replies switched off around it, and its
 * outcome is read back from the idempotency record it writes. Lettuce writes, stacks and decodes
 * each command on its own (a task, a buffer and a reply per command), which per event would cost
 * the JVM more than Redis spends on the append. The keywords print as {@code direct:<NAME>}, so
 * Lettuce applies none of its MULTI/EXEC bookkeeping and no timeout to these commands
 * ({@link #isDirect}); the publisher bounds every wait itself. For the publisher's connections only,
 * from its writer thread.
 */
final class DirectAppend {

    /** Smaller batches go through publish.lua: the check's round trip would cost more than their Lua. */
    static final int MIN_EVENTS = 16;

    private static final Keyword WATCH = new Keyword("WATCH");
    private static final Keyword UNWATCH = new Keyword("UNWATCH");
    /** Names the transaction in Lettuce's logs; its bytes are written by {@link Body}. */
    private static final Keyword BODY = new Keyword("TRANSACTION");

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] ID_TAIL = {'-', '0', '\r', '\n'};
    private static final byte[] DATA_FIELD = "$4\r\ndata\r\n".getBytes(StandardCharsets.US_ASCII);

    private DirectAppend() {}

    /** True for the commands built here: Lettuce must not set a timeout per command on them. */
    static boolean isDirect(RedisCommand<?, ?, ?> command) {
        return command.getType() instanceof Keyword;
    }

    /** Whether {@code b} goes out as a direct append (else through publish.lua). */
    static boolean suits(PublishBatch b) {
        return !b.opens && !b.templateOnly() && b.size() >= MIN_EVENTS;
    }

    /**
     * Sends {@code WATCH} of the run's counter and stream and the check for the batch's first seq
     * {@code first}; the reply is the check's (see publish-check.lua). Not flushed.
     */
    static RedisFuture<List<Object>> check(
            StatefulRedisConnection<String, String> c, PublishScript check, PublishBatch b, String producerId) {
        RunKeys keys = b.run.keys;
        c.dispatch(new Command<>(WATCH, sink(), args().addKeys(keys.seq, keys.events)));
        return c.async()
                .evalsha(
                        check.sha,
                        ScriptOutputType.MULTI,
                        b.keys(),
                        producerId,
                        Long.toString(b.number),
                        Long.toString(b.expectedFirst()));
    }

    /** Drops the {@code WATCH} of a check that did not say go. Not flushed. */
    static void unwatch(StatefulRedisConnection<String, String> c) {
        c.dispatch(new Command<>(UNWATCH, sink()));
    }

    /**
     * Sends the transaction that appends {@code b} with seqs from {@code first} (what the check
     * confirmed) and applies everything else publish.lua would, with replies switched off around it
     * ({@code CLIENT REPLY OFF} … {@code CLIENT REPLY ON}: one reply, {@code OK}, instead of two per
     * event), then {@code HGET} of the producer's idempotency record, which tells whether the
     * {@code EXEC} applied. Not flushed.
     */
    static Sent append(
            StatefulRedisConnection<String, String> c,
            PublishBatch b,
            long first,
            String producerId,
            BrokerSettings settings,
            boolean announce) {
        RunState run = b.run;
        RunKeys keys = run.keys;
        int n = b.size();
        // As publish.lua: at least 1 s of closed retention, so live readers can drain the terminal event.
        long closedMs = Math.max(1000, settings.closedRetention().toMillis());
        long openMs = settings.runTtl().toMillis();
        String dataTtl = Long.toString(b.terminal() ? closedMs : openMs + closedMs);
        String record = b.number + ":" + first;
        ByteArrayOutputStream before = new ByteArrayOutputStream(128);
        resp(before, "CLIENT", "REPLY", "OFF");
        resp(before, "MULTI");
        resp(before, "INCRBY", keys.seq, Integer.toString(n));
        ByteArrayOutputStream after = new ByteArrayOutputStream(512);
        resp(after, "XTRIM", keys.events, "MAXLEN", "~", Integer.toString(settings.streamMaxLen()));
        resp(after, "HSET", keys.meta, "p:" + producerId, record);
        if (b.terminal()) {
            resp(after, "DEL", keys.open);
        } else {
            resp(after, "SET", keys.open, "1", "PX", Long.toString(openMs));
        }
        resp(after, "PEXPIRE", keys.seq, dataTtl);
        resp(after, "PEXPIRE", keys.events, dataTtl);
        resp(after, "PEXPIRE", keys.meta, dataTtl);
        if (announce) {
            resp(after, "SPUBLISH", keys.news, Long.toString(first + n - 1));
        }
        resp(after, "EXEC");
        resp(after, "CLIENT", "REPLY", "ON");
        AsyncCommand<String, String, String> body = new AsyncCommand<>(new Body(
                before.toByteArray(),
                run.xaddHead(),
                run.prefixBytes(),
                first,
                b.items,
                b.suffixBytes(),
                after.toByteArray()));
        c.dispatch(body);
        RedisFuture<String> applied = c.async().hget(keys.meta, "p:" + producerId);
        return new Sent(first, record, body, applied);
    }

    /**
     * A transaction on its way: {@link #body} completes with {@code OK} once Redis ran it (anything
     * else means the link's replies can no longer be trusted), and {@link #record} then says
     * whether the {@code EXEC} applied.
     */
    record Sent(long first, String expectedRecord, CompletableFuture<String> body, RedisFuture<String> record) {

        /** True once the body's one reply came back and was {@code OK}. */
        boolean bodyAnswered() {
            return body.isDone() && !body.isCompletedExceptionally() && "OK".equals(body.getNow(null));
        }
    }

    /** {@code XADD <events> <prefix...>}: the bytes every append of a run starts with. */
    static byte[] xaddHead(String eventsKey) {
        byte[] key = eventsKey.getBytes(StandardCharsets.UTF_8);
        String head = "*5\r\n$4\r\nXADD\r\n$" + key.length + "\r\n";
        byte[] out = new byte[head.length() + key.length + 2];
        System.arraycopy(head.getBytes(StandardCharsets.US_ASCII), 0, out, 0, head.length());
        System.arraycopy(key, 0, out, head.length(), key.length);
        out[out.length - 2] = '\r';
        out[out.length - 1] = '\n';
        return out;
    }

    private static CommandArgs<String, String> args() {
        return new CommandArgs<>(StringCodec.UTF8);
    }

    /** One shared output per batch for the replies nobody reads ({@code OK}). */
    private static StatusOutput<String, String> sink() {
        return new StatusOutput<>(StringCodec.UTF8);
    }

    /** Appends one command in the Redis protocol. */
    private static void resp(ByteArrayOutputStream out, String... args) {
        out.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (String a : args) {
            byte[] bytes = a.getBytes(StandardCharsets.UTF_8);
            out.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(bytes);
            out.writeBytes(CRLF);
        }
    }

    /**
     * A Redis command name that Lettuce does not recognise as its own (so no MULTI/EXEC
     * bookkeeping and no timeout); the bytes sent are the plain name.
     */
    private record Keyword(String name, byte[] bytes) implements ProtocolKeyword {
        Keyword(String name) {
            this(name, name.getBytes(StandardCharsets.US_ASCII));
        }

        @Override
        public byte[] getBytes() {
            return bytes;
        }

        @Override
        public String toString() {
            return "direct:" + name;
        }
    }

    /**
     * The whole transaction as one command with one reply ({@code OK} of {@code CLIENT REPLY ON}):
     * the fixed commands before and after, and in between {@code XADD <events> <seq>-0 data
     * <prefix><seq><suffix>} per event, encoded straight from the run's and the events' bytes. The
     * events are assembled in a heap chunk and copied into Netty's buffer a chunk at a time: a write
     * into a direct buffer costs far more per call than per byte, and there are a dozen per event.
     */
    private static final class Body extends Command<String, String, String> {
        private static final int CHUNK = 64 << 10;

        private final byte[] before;
        private final byte[] head;
        private final byte[] prefix;
        private final long first;
        private final List<PendingPublish> events;
        private final long suffixBytes;
        private final byte[] after;

        Body(
                byte[] before,
                byte[] head,
                byte[] prefix,
                long first,
                List<PendingPublish> events,
                long suffixBytes,
                byte[] after) {
            super(BODY, new StatusOutput<>(StringCodec.UTF8));
            this.before = before;
            this.head = head;
            this.prefix = prefix;
            this.first = first;
            this.events = events;
            this.suffixBytes = suffixBytes;
            this.after = after;
        }

        @Override
        public void encode(ByteBuf buf) {
            buf.ensureWritable(sizeHint());
            buf.writeBytes(before);
            Chunk out = new Chunk(buf, new byte[CHUNK]);
            byte[] digits = new byte[20];
            for (int i = 0; i < events.size(); i++) {
                int n = decimal(first + i, digits);
                int at = digits.length - n;
                byte[] suffix = events.get(i).suffixBytes();
                out.put(head);
                out.putLength(n + 2);
                out.put(digits, at, n);
                out.put(ID_TAIL);
                out.put(DATA_FIELD);
                out.putLength(prefix.length + n + suffix.length);
                out.put(prefix);
                out.put(digits, at, n);
                out.put(suffix);
                out.put(CRLF);
            }
            out.flush();
            buf.writeBytes(after);
        }

        /**
         * At least the bytes {@link #encode} writes (the length of an envelope taken as 10 digits), so Netty's buffer
         * is sized once instead of growing, and copying, as it fills.
         */
        private int sizeHint() {
            int seqDigits = digitCount(first + events.size());
            long perEvent = head.length
                    + (1 + 2 + CRLF.length)
                    + seqDigits
                    + ID_TAIL.length
                    + DATA_FIELD.length
                    + (1 + 10 + CRLF.length)
                    + prefix.length
                    + seqDigits
                    + CRLF.length;
            return (int) Math.min(
                    Integer.MAX_VALUE - 8, before.length + after.length + suffixBytes + perEvent * events.size());
        }
    }

    /** A heap chunk in front of a Netty buffer: small writes land in the chunk, which goes out whole when full. */
    private static final class Chunk {
        private final ByteBuf buf;
        private final byte[] bytes;
        private int used;

        Chunk(ByteBuf buf, byte[] bytes) {
            this.buf = buf;
            this.bytes = bytes;
        }

        void put(byte[] src) {
            put(src, 0, src.length);
        }

        void put(byte[] src, int from, int length) {
            if (length > bytes.length - used) {
                flush();
                if (length > bytes.length) {
                    buf.writeBytes(src, from, length);
                    return;
                }
            }
            System.arraycopy(src, from, bytes, used, length);
            used += length;
        }

        /** {@code $<length>\r\n}: a bulk string's header. */
        void putLength(int length) {
            if (bytes.length - used < 16) {
                flush();
            }
            bytes[used++] = '$';
            int n = length < 10 ? 1 : length < 100 ? 2 : length < 1000 ? 3 : digitCount(length);
            for (int i = used + n - 1; i >= used; i--) {
                bytes[i] = (byte) ('0' + length % 10);
                length /= 10;
            }
            used += n;
            bytes[used++] = '\r';
            bytes[used++] = '\n';
        }

        void flush() {
            buf.writeBytes(bytes, 0, used);
            used = 0;
        }
    }

    /** How many decimal digits {@code v} (not negative) has. */
    private static int digitCount(long v) {
        int n = 1;
        while (v >= 10) {
            v /= 10;
            n++;
        }
        return n;
    }

    /** Writes {@code v} (not negative) right-aligned into {@code out}; returns how many digits. */
    private static int decimal(long v, byte[] out) {
        int at = out.length;
        do {
            out[--at] = (byte) ('0' + (int) (v % 10));
            v /= 10;
        } while (v > 0);
        return out.length - at;
    }
}
