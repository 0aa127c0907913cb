package dev.marquee.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The browser every UI test drives: Debian's Chromium ({@code /usr/bin/chromium}, or
 * {@code MARQUEE_CHROMIUM}), headless, through Playwright for Java; never a downloaded
 * browser.
 */
public final class Chromium implements AutoCloseable {

	private final Playwright playwright;

	private final Browser browser;

	private Chromium(Playwright playwright, Browser browser) {
		this.playwright = playwright;
		this.browser = browser;
	}

	/**
	 * Launches it. Assertions wait {@code assertionTimeoutMillis}, as long as actions do:
	 * with two test JVMs and Chromium on two cores, a page can take longer than
	 * Playwright's 5 s default to show an answer.
	 */
	public static Chromium launch(int assertionTimeoutMillis) {
		Path chromium = Path.of(System.getenv().getOrDefault("MARQUEE_CHROMIUM", "/usr/bin/chromium"));
		assertThat(Files.isExecutable(chromium))
			.as("Chromium at %s (apt-get install chromium, or set MARQUEE_CHROMIUM)", chromium)
			.isTrue();
		PlaywrightAssertions.setDefaultAssertionTimeout(assertionTimeoutMillis);
		Playwright playwright = Playwright
			.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
		return new Chromium(playwright, playwright.chromium()
			.launch(new BrowserType.LaunchOptions().setExecutablePath(chromium).setHeadless(true)));
	}

	public Browser browser() {
		return browser;
	}

	@Override
	public void close() {
		browser.close();
		playwright.close();
	}

}
