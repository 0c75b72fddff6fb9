package dev.arena.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.broker.Envelope;
import dev.arena.broker.RunId;
import dev.arena.fixture.ServerFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.sse.EventSource;
import okhttp3.sse.EventSourceListener;
import okhttp3.sse.EventSources;

/**
 * Records what an okhttp-sse {@link EventSource} sees, in order: a queue plus blocking
 * assertions with a timeout (after OkHttp's own EventSourceRecorder).
 */
final class SseRecorder extends EventSourceListener {

    /** One thing the source reported. */
    record Item(String type, String id, String event, String data, Response response) {
        static final String OPEN = "open";
        static final String EVENT = "event";
        static final String CLOSED = "closed";
        static final String FAILURE = "failure";
    }

    private static final Duration WAIT = Duration.ofSeconds(15);

    private final BlockingQueue<Item> items = new LinkedBlockingQueue<>();
    private EventSource source;

    static SseRecorder open(OkHttpClient http, Request request) {
        SseRecorder recorder = new SseRecorder();
        recorder.source = EventSources.createFactory(http).newEventSource(request, recorder);
        return recorder;
    }

    /** Closes the stream from the client side. */
    void close() {
        source.cancel();
    }

    /**
     * Reads the whole stream of {@code run}, ended on {@code fx}'s server, checks that it replays
     * {@code original} and then ends, and returns every event received (the last is {@code end}).
     */
    static List<Item> assertReplaysThenEnds(ServerFixture fx, RunId run, List<Envelope> original)
            throws InterruptedException {
        SseRecorder sse = open(
                fx.http,
                new Request.Builder().url(fx.url("/events?run_id=" + run)).build());
        sse.assertOpen();
        List<Item> events = sse.eventsUntilClosed();
        assertThat(events).hasSize(original.size() + 1);
        assertThat(events.subList(0, original.size()))
                .extracting(Item::data)
                .containsExactlyElementsOf(
                        original.stream().map(Envelope::toJson).toList());
        assertThat(events.get(original.size()).event()).isEqualTo("end");
        return events;
    }

    @Override
    public void onOpen(EventSource eventSource, Response response) {
        items.add(new Item(Item.OPEN, null, null, null, response));
    }

    @Override
    public void onEvent(EventSource eventSource, String id, String type, String data) {
        items.add(new Item(Item.EVENT, id, type, data, null));
    }

    @Override
    public void onClosed(EventSource eventSource) {
        items.add(new Item(Item.CLOSED, null, null, null, null));
    }

    @Override
    public void onFailure(EventSource eventSource, Throwable t, Response response) {
        items.add(new Item(Item.FAILURE, null, null, String.valueOf(t), response));
    }

    Item next() throws InterruptedException {
        Item item = items.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(item).as("an SSE item within " + WAIT).isNotNull();
        return item;
    }

    Response assertOpen() throws InterruptedException {
        Item item = next();
        assertThat(item.type()).as("first item: %s", item).isEqualTo(Item.OPEN);
        return item.response();
    }

    Item assertEvent() throws InterruptedException {
        Item item = next();
        assertThat(item.type()).as("expected an event, got %s", item).isEqualTo(Item.EVENT);
        return item;
    }

    /** Every event up to and including the close, failing on a failure. */
    List<Item> eventsUntilClosed() throws InterruptedException {
        List<Item> out = new ArrayList<>();
        while (true) {
            Item item = next();
            if (item.type().equals(Item.CLOSED)) {
                return out;
            }
            assertThat(item.type()).as("unexpected %s", item).isEqualTo(Item.EVENT);
            out.add(item);
        }
    }

    void cancel() {
        source.cancel();
    }
}
