package dev.marquee.ui;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

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
 * Dynamic prices in a real headless Chromium: the map's legend shows a tier's price now
 * and the rule behind it, the hold panel the price locked into the hold, which stays
 * while the rule changes for everybody else.
 */
class DynamicPriceBrowserTests extends IntegrationTest {

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
		page.waitForFunction("() => window.marqueeMap && window.marqueeMap.view");
		Map<String, Number> centre = (Map<String, Number>) page
			.evaluate("id => window.marqueeMap.view.seatCentre(window.marqueeMap.map.indexOf(id))", seatId);
		page.getByTestId("seat-canvas")
			.click(new Locator.ClickOptions().setPosition(centre.get("x").doubleValue(),
					centre.get("y").doubleValue()));
	}

	private Map<String, Object> rule(long priceMinor) {
		return Map.of("tier", "std", "kind", "TIME_WINDOW", "label", "Early bird", "from",
				clock.instant().minus(Duration.ofHours(1)).toString(), "until",
				clock.instant().plus(Duration.ofDays(1)).toString(), "priceMinor", priceMinor);
	}

	@Test
	void theLegendShowsTheDynamicPriceAndTheHoldThePriceItLockedIn() {
		UUID event = event(4);
		String admin = admin();
		String ruleId = (String) http().post()
			.uri("/api/v1/events/{id}/price-rules", event)
			.headers(h -> h.setBearerAuth(admin))
			.bodyValue(rule(3000))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody()
			.get("ruleId");

		Page alice = open(buyer(), "/events/" + event);
		assertThat(alice.getByTestId("legend-tier-std")).containsText("€30.00");
		assertThat(alice.getByTestId("legend-tier-std")).containsText("Early bird");
		assertThat(alice.getByTestId("legend-tier-std")).containsText("usually €50.00");

		clickSeat(alice, "S-A-2");
		alice.getByTestId("hold").click();
		assertThat(alice.getByTestId("hold-seat")).hasText("S-A-2 · €30.00");
		assertThat(alice.getByTestId("hold-total")).hasText("Total €30.00");

		// the organizer raises the early-bird price: new visitors see it, alice's hold
		// keeps
		// its price
		http().put()
			.uri("/api/v1/events/{id}/price-rules/{rule}", event, ruleId)
			.headers(h -> h.setBearerAuth(admin))
			.bodyValue(rule(4500))
			.exchange()
			.expectStatus()
			.isOk();
		Page bob = open(buyer(), "/events/" + event);
		assertThat(bob.getByTestId("legend-tier-std")).containsText("€45.00");
		alice.reload();
		assertThat(alice.getByTestId("hold-seat")).hasText("S-A-2 · €30.00");
		assertThat(alice.getByTestId("legend-tier-std")).containsText("€45.00");
	}

}
