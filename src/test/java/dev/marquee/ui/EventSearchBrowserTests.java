package dev.marquee.ui;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.marquee.support.Chromium;
import dev.marquee.support.IntegrationTest;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The event list in the real Chromium: a buyer types a search, gets the first page, asks
 * for more until every match is listed once, narrows by price, and the address keeps the
 * search so a reload (or a shared link) shows the same.
 */
class EventSearchBrowserTests extends IntegrationTest {

	static Chromium chromium;

	@BeforeAll
	static void launchChromium() {
		chromium = Chromium.launch(15_000);
	}

	@AfterAll
	static void closeChromium() {
		if (chromium != null) {
			chromium.close();
		}
	}

	@Test
	void aBuyerSearchesPagesAndSharesTheSearch() {
		String tag = "zq" + Long.toString(Math.abs(new Random().nextLong()), 36).replaceAll("[0-9]", "");
		String admin = admin();
		Object venue = http().post()
			.uri("/api/v1/venues")
			.headers(h -> h.setBearerAuth(admin))
			.bodyValue(Map.of("name", "Hall", "city", "City " + tag, "sections",
					List.of(Map.of("code", "S", "name", "Stalls", "priceTier", "std", "rows",
							List.of(Map.of("label", "A", "seats", 4))))))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody()
			.get("venueId");
		for (int i = 0; i < 25; i++) {
			Map<String, Object> fields = new HashMap<>(euros("std", i < 5 ? 1000 : 5000));
			fields.put("name", "Show " + (char) ('a' + i));
			fields.put("startsAt", clock.instant().plus(Duration.ofDays(10 + i)).toString());
			eventOn(venue, admin, fields);
		}

		try (BrowserContext context = chromium.browser()
			.newContext(new Browser.NewContextOptions().setBaseURL("http://localhost:" + port))) {
			context.setDefaultTimeout(15_000);
			Page page = context.newPage();
			page.navigate("/");
			page.getByLabel("Sort").selectOption("startsAt");
			page.getByRole(AriaRole.SEARCHBOX, new Page.GetByRoleOptions().setName("Search events")).fill(tag);
			// the list as answered (not while a search is under way), of this search's
			// events
			Locator cards = page.locator(".event-list:not([aria-busy]) .event-card");
			assertThat(cards.filter(new Locator.FilterOptions().setHasText("City " + tag))).hasCount(20);
			assertThat(cards).hasCount(20);
			assertThat(cards.first()).containsText("Show a");
			page.waitForURL(Pattern.compile(".*/\\?q=" + tag + "&sort=startsAt$"));

			page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("More events")).click();
			assertThat(cards).hasCount(25);
			assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("More events"))).isHidden();
			List<String> names = cards.locator("a").allTextContents();
			assertThat(names).doesNotHaveDuplicates().hasSize(25).startsWith("Show a", "Show b");

			page.getByLabel("Max price").fill("20");
			assertThat(cards).hasCount(5);
			page.waitForURL(Pattern.compile(".*/\\?q=" + tag + "&maxPrice=20&sort=startsAt$"));

			// the address is the search: opened again, it shows the same
			page.reload();
			assertThat(page.getByRole(AriaRole.SEARCHBOX, new Page.GetByRoleOptions().setName("Search events")))
				.hasValue(tag);
			assertThat(page.getByLabel("Max price")).hasValue("20");
			assertThat(cards).hasCount(5);
			assertThat(cards.first()).containsText("City " + tag);
		}
	}

}
