package dev.marquee.ui;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import com.microsoft.playwright.Page;
import org.junit.jupiter.api.Test;

import dev.marquee.support.BrowserTest;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/**
 * Dynamic prices in a real headless Chromium: the map's legend shows a tier's price now
 * and the rule behind it, the hold panel the price locked into the hold, which stays
 * while the rule changes for everybody else.
 */
class DynamicPriceBrowserTests extends BrowserTest {

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
