package dev.marquee.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/**
 * An integration test that drives the UI in a real headless Chromium (the machine's,
 * through {@link Chromium}): one browser per test class, one context (own storage) per
 * buyer, closed after each test, and the seat map's helpers every browser test uses.
 */
public abstract class BrowserTest extends IntegrationTest {

	/** Where pages are photographed for the README and for a failed run's reader. */
	public static final Path SCREENSHOTS = Path.of("target", "screenshots");

	protected static Chromium chromium;

	protected static Browser browser;

	private final List<BrowserContext> contexts = new ArrayList<>();

	@BeforeAll
	static void launchChromium() throws Exception {
		Files.createDirectories(SCREENSHOTS);
		chromium = Chromium.launch(15_000);
		browser = chromium.browser();
	}

	@AfterAll
	static void closeChromium() {
		if (chromium != null) {
			chromium.close();
		}
	}

	@AfterEach
	void closeContexts() {
		this.contexts.forEach(BrowserContext::close);
		this.contexts.clear();
	}

	/**
	 * A buyer's own browser (own storage), signed in with a bearer token, at
	 * {@code path}, its waits timing out after 15 s.
	 */
	protected Page open(String token, String path, int width, int height) {
		BrowserContext context = browser.newContext(
				new Browser.NewContextOptions().setViewportSize(width, height).setBaseURL("http://localhost:" + port));
		context.setDefaultTimeout(15_000);
		this.contexts.add(context);
		context.addInitScript("localStorage.setItem('marquee.token', '" + token + "')");
		Page page = context.newPage();
		page.navigate(path);
		return page;
	}

	protected Page open(String token, String path) {
		return open(token, path, 1280, 800);
	}

	/** Waits until the page's seat stream is live. */
	protected static void awaitLive(Page page) {
		assertThat(page.getByTestId("connection")).hasAttribute("data-state", "live");
	}

	/** Where the map draws a seat's centre, in CSS pixels of the canvas. */
	@SuppressWarnings("unchecked")
	protected static Map<String, Number> centre(Page page, String seatId) {
		page.waitForFunction("() => window.marqueeMap && window.marqueeMap.view");
		return (Map<String, Number>) page
			.evaluate("id => window.marqueeMap.view.seatCentre(window.marqueeMap.map.indexOf(id))", seatId);
	}

	/** Clicks a seat where the map draws it. */
	protected static void clickSeat(Page page, String seatId) {
		Map<String, Number> centre = centre(page, seatId);
		page.getByTestId("seat-canvas")
			.click(new Locator.ClickOptions().setPosition(centre.get("x").doubleValue(),
					centre.get("y").doubleValue()));
	}

	/** Waits until the canvas pixel at the seat's centre has the colour. */
	protected static void awaitSeatColour(Page page, String seatId, String colour) {
		page.waitForFunction(
				"""
						([id, colour]) => {
						  const m = window.marqueeMap;
						  if (!m) return false;
						  const c = m.view.seatCentre(m.map.indexOf(id));
						  const r = window.devicePixelRatio || 1;
						  const d = m.view.canvas.getContext('2d').getImageData(Math.round(c.x * r), Math.round(c.y * r), 1, 1).data;
						  return '#' + [d[0], d[1], d[2]].map(v => v.toString(16).padStart(2, '0')).join('') === colour;
						}""",
				List.of(seatId, colour));
	}

	public static void screenshot(Page page, String name) {
		page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")).setFullPage(true));
	}

}
