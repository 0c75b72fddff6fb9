package dev.arena.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.broker.EventBroker;
import dev.arena.broker.RunId;
import dev.arena.broker.RunOutcome;
import dev.arena.config.BrokerSettings;
import dev.arena.fixture.ServerFixture;
import dev.arena.fixture.TestBackend;
import dev.arena.fixture.TestServers;
import dev.arena.testkit.HeadlessBrowser;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The watch page in a real browser (headless Chromium) against real servers over one private Redis: it shows a
 * run's events as they arrive over {@code /ws}, and when its server goes away and another comes up at the same
 * address it resumes from the last seq it showed — every event once, none missing.
 */
class WatchPageIT {

    @RegisterExtension
    static final TestServers servers = new TestServers();

    @RegisterExtension
    static final HeadlessBrowser browser = new HeadlessBrowser();

    private ServerFixture serverOn(int port, String name) throws Exception {
        EventBroker broker = servers.broker(TestBackend.REDIS, BrokerSettings.DEFAULTS);
        return servers.start(
                broker,
                Map.of(
                        "ARENA_BROKER_BACKEND", "redis",
                        "REDIS_URL", servers.redis().url(),
                        "ARENA_HTTP_PORT", Integer.toString(port),
                        "ARENA_DB", servers.dir().resolve(name + ".duckdb").toString()),
                b -> {});
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static WebDriverWait waitUpTo(Duration d) {
        return new WebDriverWait(browser.driver(), d);
    }

    private static List<Long> seqsOnPage() {
        return browser.driver().findElements(By.cssSelector("#events tr")).stream()
                .map(row -> Long.parseLong(row.getAttribute("data-seq")))
                .toList();
    }

    private static String state() {
        return browser.driver().findElement(By.id("state")).getText();
    }

    @Test
    void showsTheRunsEventsAndResumesAfterItsServerIsReplaced_noGapNoDuplicate() throws Exception {
        int port = freePort();
        ServerFixture first = serverOn(port, "first");
        EventBroker producer = servers.broker(TestBackend.REDIS, BrokerSettings.DEFAULTS);
        RunId run = Runs.open(producer, 4); // seq 1..5

        WebDriver driver = browser.driver();
        driver.get(first.url("/watch/" + run));
        waitUpTo(Duration.ofSeconds(15)).until(d -> seqsOnPage().size() == 5 && state().equals("live"));
        assertThat(driver.findElement(By.id("run")).getText()).isEqualTo(run.value());

        first.close();
        waitUpTo(Duration.ofSeconds(15)).until(d -> state().equals("reconnecting"));
        Runs.publish(producer, run, 3); // seq 6..8 while no server is up

        serverOn(port, "second");
        Runs.publish(producer, run, 2); // seq 9..10 once it is
        producer.closeRun(run, RunOutcome.COMPLETE, Map.of())
                .orTimeout(10, TimeUnit.SECONDS)
                .join();

        waitUpTo(Duration.ofSeconds(20)).until(d -> state().equals("ended"));
        assertThat(seqsOnPage())
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 11).boxed().toList());
        WebElement lastKind = driver.findElement(By.cssSelector("#events tr:last-child td.kind"));
        assertThat(lastKind.getText()).isEqualTo("run.complete");
    }

    @Test
    void aTokenInTheAddressIsTakenOutOfIt() throws Exception {
        ServerFixture server = serverOn(freePort(), "token");
        RunId run = Runs.open(servers.broker(TestBackend.REDIS, BrokerSettings.DEFAULTS), 1);

        browser.driver().get(server.url("/watch/" + run + "?access_token=not-a-real-token"));

        waitUpTo(Duration.ofSeconds(15)).until(d -> !d.getCurrentUrl().contains("access_token"));
        assertThat(browser.driver().getCurrentUrl()).endsWith("/watch/" + run);
    }

    @Test
    void thePageForbidsInlineScriptFramingAndOtherOrigins() throws Exception {
        ServerFixture server = serverOn(freePort(), "policy");

        ServerFixture.Answer page = server.get("/watch/" + RunId.random());

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.headers().get("Content-Type")).startsWith("text/html");
        assertThat(page.headers().get("Content-Security-Policy"))
                .contains("script-src 'self'")
                .contains("connect-src 'self'")
                .contains("frame-ancestors 'none'")
                .doesNotContain("unsafe-inline");
        assertThat(page.body()).contains("/watch/assets/watch.js");
        assertThat(server.get("/watch/assets/watch.js").headers().get("Content-Type"))
                .startsWith("text/javascript");
    }

    @Test
    void aRunIdThatIsNotOneIs400AndAnUnknownFileIs404() throws Exception {
        ServerFixture server = serverOn(freePort(), "bad");

        ServerFixture.Answer badId = server.get("/watch/not-a-run");
        ServerFixture.Answer noFile = server.get("/watch/assets/secret.txt");

        assertThat(badId.status()).isEqualTo(400);
        assertThat(badId.json().get("error").asText()).isEqualTo("bad_request");
        assertThat(noFile.status()).isEqualTo(404);
    }
}
