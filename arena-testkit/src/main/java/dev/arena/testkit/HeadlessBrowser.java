package dev.arena.testkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A real browser for pages the server serves: Debian's {@code chromium}, headless, driven through its
 * own {@code chromedriver} (so Selenium Manager never tries to download one), one per test class:
 * {@code @RegisterExtension static final HeadlessBrowser browser = new HeadlessBrowser();}. Without
 * the two packages it fails with the command that installs them, never skips.
 */
public final class HeadlessBrowser implements BeforeAllCallback, AfterAllCallback {

    private static final String INSTALL = "apt-get install chromium chromium-driver";

    /**
     * Chromium's flags on a machine with no network beyond loopback: no background connections, no
     * sync, no component updates (each would be refused, many at a time), and a fresh profile.
     */
    private static final List<String> FLAGS = List.of(
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--window-size=1280,900");

    private final ClassScoped<Session> session =
            new ClassScoped<>("HeadlessBrowser", HeadlessBrowser::start, Session::close);

    /** The driven browser and the profile directory it was given, deleted when it quits. */
    private record Session(WebDriver driver, Path profile) {
        void close() {
            try {
                driver.quit();
            } finally {
                TempDirs.deleteQuietly(profile);
            }
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        session.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        session.close();
    }

    /** The browser, for the test class. */
    public WebDriver driver() {
        return session.get().driver();
    }

    private static Session start() {
        Path chromium = Binaries.find("chromium", List.of("/usr/bin", "/usr/lib/chromium"))
                .orElseThrow(() -> new IllegalStateException("chromium is not installed: " + INSTALL));
        Path chromedriver = Binaries.find("chromedriver", List.of("/usr/bin", "/usr/lib/chromium"))
                .orElseThrow(() -> new IllegalStateException("chromedriver is not installed: " + INSTALL));
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments(FLAGS);
        Path profile = TempDirs.create("arena-chromium-");
        options.addArguments("--user-data-dir=" + profile.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort()
                .withTimeout(Duration.ofSeconds(30))
                .build();
        try {
            return new Session(new ChromeDriver(service, options), profile);
        } catch (RuntimeException e) {
            TempDirs.deleteQuietly(profile);
            throw e;
        }
    }
}
