package dev.marquee.ui;

import java.nio.file.Files;
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
import dev.marquee.support.BrowserTest;
import dev.marquee.support.IntegrationTest;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The door scanner in a real headless Chromium (the machine's {@code /usr/bin/chromium},
 * driven by Playwright) against the whole server: a scanner loses the network, admits a
 * ticket from the signed list it downloaded, refuses the copy, and when the network is
 * back the admission reaches the server, which then refuses the ticket too. A missing
 * browser fails these tests; it never skips them.
 */
class DoorBrowserTests extends IntegrationTest {

	static Chromium chromium;

	static Browser browser;

	private BrowserContext context;

	@BeforeAll
	static void launchChromium() throws Exception {
		Files.createDirectories(BrowserTest.SCREENSHOTS);
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
	void closeContext() {
		if (context != null) {
			context.close();
		}
	}

	/** A scanner's phone: its own storage, signed in with a SCANNER token. */
	private Page scanner(String path) {
		context = browser.newContext(
				new Browser.NewContextOptions().setViewportSize(420, 860).setBaseURL("http://localhost:" + port));
		context.setDefaultTimeout(15_000);
		context.addInitScript(
				"localStorage.setItem('marquee.token', '" + token("door-" + UUID.randomUUID(), "SCANNER") + "')");
		Page page = context.newPage();
		page.navigate(path);
		return page;
	}

	/** Buys a seat and answers its ticket's code. */
	@SuppressWarnings("unchecked")
	private String ticketCode(UUID event, String seat) {
		String buyer = buyer();
		purchase(held(event, buyer, seat), buyer, "k-" + UUID.randomUUID(), "tok_visa").expectStatus().isCreated();
		List<Map<String, Object>> mine = (List<Map<String, Object>>) (List<?>) http().get()
			.uri("/api/v1/me/tickets")
			.headers(h -> h.setBearerAuth(buyer))
			.exchange()
			.expectBodyList(Map.class)
			.returnResult()
			.getResponseBody();
		return (String) mine.get(0).get("code");
	}

	/** Types a code as a scanner would, and waits for this scan's verdict. */
	private static Locator check(Page page, String code) {
		Locator verdict = page.getByTestId("verdict");
		String before = verdict.getAttribute("data-scan");
		int next = before == null ? 1 : Integer.parseInt(before) + 1;
		page.getByTestId("code").fill(code);
		page.getByTestId("scan").click();
		assertThat(verdict).hasAttribute("data-scan", String.valueOf(next));
		return verdict;
	}

	private long used(UUID event) {
		return count("select count(*) from ticket where event_id = :event and status = 'USED'", event);
	}

	@Test
	void aScannerAdmitsATicketOnceOfflineThenOnline() {
		UUID event = event(4);
		String code = ticketCode(event, "S-A-1");
		String other = ticketCode(event, "S-A-2");
		String[] parts = code.split("\\.");
		String forged = parts[0] + "." + parts[1] + "." + (parts[2].charAt(0) == 'A' ? 'B' : 'A')
				+ parts[2].substring(1);

		// the scanner picks the event, then the gate; the list downloads and verifies
		Page door = scanner("/door");
		door.getByTestId("door-event").selectOption(event.toString());
		door.getByTestId("door-open").click();
		door.waitForURL(Pattern.compile(".*/door/" + event + "$"));
		assertThat(door.getByTestId("list-status")).hasAttribute("data-state", "verified");
		assertThat(door.getByTestId("list-status")).containsText("2 tickets");
		door.getByTestId("gate").fill("North");

		// the network goes: the list decides, and remembers
		context.setOffline(true);
		assertThat(door.getByTestId("connection")).hasAttribute("data-state", "offline");
		Locator verdict = check(door, code);
		assertThat(verdict).hasAttribute("data-verdict", "admit");
		assertThat(door.getByTestId("verdict-reason")).containsText("S-A-1");
		assertThat(door.getByTestId("pending")).hasAttribute("data-count", "1");
		BrowserTest.screenshot(door, "door-admit-offline");
		check(door, code);
		assertThat(verdict).hasAttribute("data-verdict", "refuse");
		assertThat(door.getByTestId("verdict-reason")).containsText("Already admitted on this device");
		assertThat(door.getByTestId("verdict-reason")).containsText("gate North");
		BrowserTest.screenshot(door, "door-refuse-offline");
		check(door, forged);
		assertThat(verdict).hasAttribute("data-verdict", "refuse");
		assertThat(door.getByTestId("verdict-reason")).containsText("Not on this event's list");
		assertThat(door.getByTestId("pending")).hasAttribute("data-count", "1");
		// the server has heard of none of it
		assertThat(used(event)).isZero();

		// the network is back: the admission is sent, and the server holds it
		context.setOffline(false);
		assertThat(door.getByTestId("connection")).hasAttribute("data-state", "online");
		assertThat(door.getByTestId("pending")).hasAttribute("data-count", "0");
		assertThat(door.getByTestId("pending")).hasText("All scans synced");
		assertThat(used(event)).isEqualTo(1);
		assertThat(count("select count(*) from door_scan where event_id = :event and outcome = 'ADMITTED'"
				+ " and gate = 'North'", event))
			.isEqualTo(1);
		assertThat(door.getByTestId("conflicts")).hasText("No double entries.");

		// online, the server refuses the used ticket, and names where it got in
		check(door, code);
		assertThat(verdict).hasAttribute("data-verdict", "refuse");
		assertThat(door.getByTestId("verdict-reason")).containsText("Already used at");
		assertThat(door.getByTestId("verdict-reason")).containsText("gate North");
		check(door, forged);
		assertThat(verdict).hasAttribute("data-verdict", "refuse");
		assertThat(door.getByTestId("verdict-reason")).containsText("Forged");
		check(door, other);
		assertThat(verdict).hasAttribute("data-verdict", "admit");
		assertThat(door.getByTestId("verdict-reason")).containsText("S-A-2");
		assertThat(door.getByTestId("counts")).containsText("2 of 2 tickets");
		assertThat(door.getByTestId("counts")).containsText("Gate North: 2");
		BrowserTest.screenshot(door, "door-online");
	}

	@Test
	void aDoubleEntryTheServerFindsOnSyncIsShown() {
		UUID event = event(4);
		String code = ticketCode(event, "S-B-3");
		Page door = scanner("/door/" + event);
		assertThat(door.getByTestId("list-status")).hasAttribute("data-state", "verified");
		door.getByTestId("gate").fill("West");

		context.setOffline(true);
		assertThat(door.getByTestId("connection")).hasAttribute("data-state", "offline");
		assertThat(check(door, code)).hasAttribute("data-verdict", "admit");
		// meanwhile a copy of the code gets in at another gate, online
		http().post()
			.uri("/api/v1/tickets/scan")
			.headers(h -> h.setBearerAuth(token("door-south", "SCANNER")))
			.bodyValue(Map.of("code", code, "gate", "South"))
			.exchange()
			.expectStatus()
			.isOk();

		context.setOffline(false);
		assertThat(door.getByTestId("pending")).hasAttribute("data-count", "0");
		assertThat(door.getByTestId("conflict")).containsText("S-B-3: double entry");
		assertThat(door.getByTestId("conflict")).containsText("gate South");
		BrowserTest.screenshot(door, "door-double-entry");
		assertThat(count("select count(*) from door_scan where event_id = :event and outcome = 'DOUBLE_ENTRY'"
				+ " and gate = 'West'", event))
			.isEqualTo(1);
	}

	@Test
	void theScannerOpensWithoutANetworkAndAdmitsFromTheListItKept() {
		UUID event = event(4);
		String code = ticketCode(event, "S-B-1");
		Page door = scanner("/door/" + event);
		assertThat(door.getByTestId("list-status")).hasAttribute("data-state", "verified");
		assertThat(door.getByTestId("offline-ready")).hasAttribute("data-state", "ready");

		// the phone reloads where there is no network: the page and its list are kept
		context.setOffline(true);
		door.reload();
		assertThat(door.getByTestId("connection")).hasAttribute("data-state", "offline");
		assertThat(door.getByTestId("list-status")).hasAttribute("data-state", "verified");
		assertThat(check(door, code)).hasAttribute("data-verdict", "admit");
		assertThat(door.getByTestId("pending")).hasAttribute("data-count", "1");

		context.setOffline(false);
		assertThat(door.getByTestId("pending")).hasAttribute("data-count", "0");
		assertThat(used(event)).isEqualTo(1);
	}

}
