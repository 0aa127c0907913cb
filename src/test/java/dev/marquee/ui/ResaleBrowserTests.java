package dev.marquee.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.marquee.support.Chromium;
import dev.marquee.support.IntegrationTest;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/**
 * Resale in a real headless Chromium against the whole server: a ticket holder lists a
 * ticket from their order page, another buyer's open map shows the seat as for resale
 * without a reload, and that buyer holds it like any seat, at the listing's price.
 */
class ResaleBrowserTests extends IntegrationTest {

	static final String RESALE = "#1a73e8";

	static final String MINE = "#d6246e";

	static final String SOLD = "#9aa0a6";

	static Chromium chromium;

	static Browser browser;

	private final List<BrowserContext> contexts = new ArrayList<>();

	@BeforeAll
	static void launchChromium() throws Exception {
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
		contexts.forEach(BrowserContext::close);
	}

	private Page open(String token, String path) {
		BrowserContext context = browser.newContext(
				new Browser.NewContextOptions().setViewportSize(1280, 800).setBaseURL("http://localhost:" + port));
		context.setDefaultTimeout(15_000);
		contexts.add(context);
		context.addInitScript("localStorage.setItem('marquee.token', '" + token + "')");
		Page page = context.newPage();
		page.navigate(path);
		return page;
	}

	@SuppressWarnings("unchecked")
	private static void clickSeat(Page page, String seatId) {
		Map<String, Number> centre = (Map<String, Number>) page
			.evaluate("id => window.marqueeMap.view.seatCentre(window.marqueeMap.map.indexOf(id))", seatId);
		page.getByTestId("seat-canvas")
			.click(new Locator.ClickOptions().setPosition(centre.get("x").doubleValue(),
					centre.get("y").doubleValue()));
	}

	private static void awaitSeatColour(Page page, String seatId, String colour) {
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

	@Test
	void aSeatListedFromTheOrderPageShowsAsResaleOnAnotherBuyersMapLiveAndCanBeHeld() {
		UUID event = event(6);
		String seller = buyer();
		String orderId = (String) purchase(held(event, seller, "S-A-3"), seller, "k-" + UUID.randomUUID(), "tok_visa")
			.expectStatus()
			.isCreated()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody()
			.get("orderId");

		Page bob = open(buyer(), "/events/" + event);
		assertThat(bob.getByTestId("connection")).hasAttribute("data-state", "live");
		awaitSeatColour(bob, "S-A-3", SOLD);
		assertThat(bob.getByTestId("legend-resale")).hasText("For resale");

		// the seller lists the ticket from the order page, below face value
		Page alice = open(seller, "/orders/" + orderId);
		alice.getByTestId("resale-price").fill("45");
		alice.getByTestId("resale-list").click();
		assertThat(alice.getByTestId("resale-status")).hasText(Pattern.compile("For resale at €45.00"));

		// bob's map shows it for resale without a reload, and he holds it at that price
		awaitSeatColour(bob, "S-A-3", RESALE);
		clickSeat(bob, "S-A-3");
		assertThat(bob.getByTestId("hold")).hasText("Hold 1 seat");
		bob.getByTestId("hold").click();
		assertThat(bob.getByTestId("countdown")).containsText("Held for");
		awaitSeatColour(bob, "S-A-3", MINE);
		assertThat(bob.locator("body")).containsText("€45.00");
		SeatMapBrowserTests.screenshot(bob, "seat-map-resale-held");
	}

}
