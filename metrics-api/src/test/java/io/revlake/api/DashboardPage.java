package io.revlake.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * A browser test class's fixture: a real server on a warehouse and headless Chromium at a window size, started before
 * the class's first test and stopped after its last; after each test the browser console must be free of errors.
 * Register it as a static field: {@code @RegisterExtension static final DashboardPage page = new DashboardPage(…)}.
 */
final class DashboardPage implements BeforeAllCallback, AfterAllCallback, AfterEachCallback {
    private final Callable<Path> warehouse;
    private final int width;
    private final int height;
    private ApiServer server;
    private HeadlessChromium browser;

    /** @param warehouse prepares the warehouse the server reads (called once, before the first test) */
    DashboardPage(Callable<Path> warehouse, int width, int height) {
        this.warehouse = warehouse;
        this.width = width;
        this.height = height;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        server = TestServers.start(warehouse.call());
        browser = HeadlessChromium.start(width, height);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        assertThat(browser.severeConsoleEntries()).as("SEVERE browser console entries").isEmpty();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    ApiServer server() {
        return server;
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + server.port() + "/");
    }

    ChromeDriver driver() {
        return browser.driver();
    }

    HeadlessChromium browser() {
        return browser;
    }
}
