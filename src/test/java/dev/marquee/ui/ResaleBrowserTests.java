package dev.marquee.ui;

import java.util.UUID;
import java.util.regex.Pattern;

import com.microsoft.playwright.Page;
import org.junit.jupiter.api.Test;

import dev.marquee.support.BrowserTest;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/**
 * Resale in a real headless Chromium against the whole server: a ticket holder lists a
 * ticket from their order page, another buyer's open map shows the seat as for resale
 * without a reload, and that buyer holds it like any seat, at the listing's price.
 */
class ResaleBrowserTests extends BrowserTest {

	static final String RESALE = "#1a73e8";

	static final String MINE = "#d6246e";

	static final String SOLD = "#9aa0a6";

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
		screenshot(bob, "seat-map-resale-held");
	}

}
