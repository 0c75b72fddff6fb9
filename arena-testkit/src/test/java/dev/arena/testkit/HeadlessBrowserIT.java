package dev.arena.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The browser runs a page's script and reaches a server on loopback, as a watch page test needs. */
class HeadlessBrowserIT {

    @RegisterExtension
    static final HeadlessBrowser browser = new HeadlessBrowser();

    @Test
    void runsThePagesScript() {
        browser.driver()
                .get("data:text/html,<p id=out>waiting</p>"
                        + "<script>document.getElementById('out').textContent = 'ran ' + (20 + 22)</script>");

        assertThat(browser.driver().findElement(By.id("out")).getText()).isEqualTo("ran 42");
    }

    @Test
    void fetchesFromALoopbackServer() throws Exception {
        try (CannedHttpServer server = CannedHttpServer.start().answer("/hello", 200, "{\"greeting\":\"hi\"}")) {
            browser.driver().get(server.url() + "/hello");

            new WebDriverWait(browser.driver(), Duration.ofSeconds(10))
                    .until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), "greeting"));
            assertThat(browser.driver().getPageSource()).contains("\"greeting\":\"hi\"");
        }
    }
}
