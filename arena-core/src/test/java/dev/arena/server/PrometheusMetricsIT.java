package dev.arena.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.arena.broker.EventBroker;
import dev.arena.broker.RunId;
import dev.arena.broker.RunOutcome;
import dev.arena.config.BrokerSettings;
import dev.arena.fixture.ServerFixture;
import dev.arena.fixture.TestBackend;
import dev.arena.fixture.TestServers;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Request;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What operators scrape from {@code /metrics/prometheus} beside the arena counters (docs/api.md):
 * JVM metrics, {@code arena_build_info}, the delivery-lag and request-duration histograms, and the
 * format chosen by {@code Accept}. Real server on port 0, real OkHttp client.
 */
class PrometheusMetricsIT {

    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final String OPENMETRICS = "application/openmetrics-text";

    @RegisterExtension
    static final TestServers servers = new TestServers();

    private ServerFixture server(TestBackend backend) throws Exception {
        EventBroker broker = servers.broker(backend, BrokerSettings.DEFAULTS);
        return servers.start(broker, b -> b.version("9.8.7-test"));
    }

    private static ServerFixture.Answer scrape(ServerFixture fx, String accept) throws Exception {
        Request.Builder rb = new Request.Builder().url(fx.url("/metrics/prometheus"));
        if (accept != null) {
            rb.header("Accept", accept);
        }
        ServerFixture.Answer answer = fx.call(rb.build());
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer;
    }

    /** The value of the one sample line starting with {@code series} followed by a space; -1 when absent. */
    private static double sample(String body, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)").matcher(body);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }

    @Test
    void jvmMetricsAndBuildInfo_areExposed_onTheServersOwnRegistry() throws Exception {
        ServerFixture fx = server(TestBackend.INPROCESS);

        String body = scrape(fx, null).body();

        assertThat(body)
                .contains("# TYPE jvm_memory_used_bytes gauge")
                .containsPattern("(?m)^jvm_memory_used_bytes\\{area=\"heap\"} \\S+")
                .contains("jvm_threads_current ")
                .containsPattern("(?m)^jvm_gc_collection_seconds_count\\{gc=\"[^\"]+\"} \\S+");
        assertThat(body)
                .containsPattern("(?m)^arena_build_info\\{backend=\"inprocess\",java_version=\""
                        + Pattern.quote(System.getProperty("java.version")) + "\",version=\"9.8.7-test\"} 1(\\.0)?$");
        // the arena counters are still there, unchanged
        assertThat(body)
                .contains("# TYPE arena_events_published_total counter")
                .contains("arena_runs_open 0.0")
                .contains("# TYPE arena_runs_lost_total counter")
                .contains("arena_runs_lost_total 0.0");
    }

    @ParameterizedTest
    @EnumSource(TestBackend.class)
    void deliveryLag_isObservedForEveryEventFrameAnSseReaderReceives(TestBackend backend) throws Exception {
        ServerFixture fx = server(backend);
        String before = scrape(fx, null).body();
        assertThat(sample(before, "arena_sse_delivery_lag_seconds_count{transport=\"sse\"}"))
                .isEqualTo(0.0);
        RunId run = Runs.open(fx.broker, 3);

        SseRecorder sse = SseRecorder.open(
                fx.http,
                new Request.Builder().url(fx.url("/events?run_id=" + run)).build());
        sse.assertOpen();
        for (int i = 0; i < 4; i++) {
            sse.assertEvent();
        }
        Runs.publish(fx.broker, run, 1);
        fx.broker.closeRun(run, RunOutcome.COMPLETE, Map.of()).join();
        assertThat(sse.eventsUntilClosed()).hasSize(3); // event 5, run.complete, end

        String body = scrape(fx, null).body();
        assertThat(body).contains("# TYPE arena_sse_delivery_lag_seconds histogram");
        // 6 envelopes (run.start, 3 + 1 signals, run.complete): one observation each, the end frame is no event
        assertThat(sample(body, "arena_sse_delivery_lag_seconds_count{transport=\"sse\"}"))
                .isEqualTo(6.0);
        assertThat(sample(body, "arena_sse_delivery_lag_seconds_bucket{transport=\"sse\",le=\"+Inf\"}"))
                .isEqualTo(6.0);
        assertThat(sample(body, "arena_sse_delivery_lag_seconds_sum{transport=\"sse\"}"))
                .isBetween(0.0, 60.0);
    }

    @Test
    void requestDuration_isLabelledWithTheRouteTemplate_neverTheRawPath() throws Exception {
        ServerFixture fx = server(TestBackend.INPROCESS);
        RunId run = Runs.open(fx.broker, 1);
        assertThat(fx.get("/runs/" + run).status()).isEqualTo(200);
        assertThat(fx.get("/runs/" + RunId.random()).status()).isEqualTo(404);
        assertThat(fx.get("/no/such/" + run).status()).isEqualTo(404);
        assertThat(fx.post("/runs/" + run, "{}").status()).isEqualTo(405);

        String[] body = new String[1];
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            body[0] = scrape(fx, null).body();
            assertThat(
                            sample(
                                    body[0],
                                    "arena_http_request_duration_seconds_count{method=\"GET\",route=\"/runs/{id}\",status=\"200\"}"))
                    .isEqualTo(1.0);
        });
        assertThat(body[0]).contains("# TYPE arena_http_request_duration_seconds histogram");
        assertThat(
                        sample(
                                body[0],
                                "arena_http_request_duration_seconds_count{method=\"GET\",route=\"/runs/{id}\",status=\"404\"}"))
                .isEqualTo(1.0);
        assertThat(
                        sample(
                                body[0],
                                "arena_http_request_duration_seconds_count{method=\"POST\",route=\"/runs/{id}\",status=\"405\"}"))
                .isEqualTo(1.0);
        assertThat(sample(
                        body[0],
                        "arena_http_request_duration_seconds_count{method=\"GET\",route=\"unmatched\",status=\"404\"}"))
                .isEqualTo(1.0);
        assertThat(body[0]).doesNotContain(run.value());
    }

    @Test
    void openMetrics_whenAcceptAsksForIt_endsWithEof() throws Exception {
        ServerFixture fx = server(TestBackend.INPROCESS);

        ServerFixture.Answer om =
                scrape(fx, "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5,*/*;q=0.1");

        assertThat(om.headers().get("Content-Type")).startsWith(OPENMETRICS).contains("version=1.0.0");
        assertThat(om.headers().get("Vary")).isEqualTo("Accept");
        assertThat(om.body())
                .endsWith("# EOF\n")
                .contains("# TYPE arena_build info")
                .contains("# TYPE arena_events_published counter")
                .contains("# UNIT arena_sse_delivery_lag_seconds seconds")
                .contains("# TYPE jvm_memory_used_bytes gauge");
    }

    @Test
    void prometheusText_byDefault_andForPlainAccept_protobufWhenAskedFor() throws Exception {
        ServerFixture fx = server(TestBackend.INPROCESS);

        for (String accept : new String[] {null, "*/*", "text/plain"}) {
            ServerFixture.Answer text = scrape(fx, accept);
            assertThat(text.headers().get("Content-Type"))
                    .as("Accept: %s", accept)
                    .isEqualTo(PROMETHEUS_TEXT);
            assertThat(text.body())
                    .as("Accept: %s", accept)
                    .doesNotContain("# EOF")
                    .contains("# TYPE arena_build_info gauge");
        }
        ServerFixture.Answer protobuf = scrape(
                fx, "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited");
        assertThat(protobuf.headers().get("Content-Type")).startsWith("application/vnd.google.protobuf");
        assertThat(protobuf.body()).contains("arena_build_info").contains("jvm_memory_used_bytes");
    }
}
