package dev.marquee.ui;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Mouse;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.BoundingBox;
import com.sun.net.httpserver.HttpServer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.marquee.hold.internal.HoldExpiry;
import dev.marquee.queue.QueueAdmitter;
import dev.marquee.support.BrowserTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The browser UI in a real headless Chromium (the machine's {@code /usr/bin/chromium},
 * driven by Playwright) against the whole server: two buyers watch one event; what one
 * does, the other sees without reloading. A missing browser fails these tests; it never
 * skips them. Screenshots of the main pages land in {@code target/screenshots}.
 */
class SeatMapBrowserTests extends BrowserTest {

	static final String FREE = "#2e9d5b";

	static final String HELD = "#f0a830";

	static final String SOLD = "#9aa0a6";

	static final String MINE = "#d6246e";

	static final String DIMMED = "#e3e5e8";

	@Autowired
	HoldExpiry expiry;

	@Autowired
	QueueAdmitter admitter;

	private static double centreX(Page page, String seatId) {
		return centre(page, seatId).get("x").doubleValue();
	}

	@Test
	void oneBuyerHoldsBuysAndLetsAHoldExpireWhileTheOtherWatchesItLive() {
		UUID event = event(10);
		Page alice = open(buyer(), "/events/" + event);
		Page bob = open(buyer(), "/events/" + event);
		awaitLive(alice);
		awaitLive(bob);
		awaitSeatColour(bob, "S-A-3", FREE);

		// alice holds a seat: bob's map turns it held without a reload
		clickSeat(alice, "S-A-3");
		assertThat(alice.getByTestId("hold")).hasText("Hold 1 seat");
		alice.getByTestId("hold").click();
		assertThat(alice.getByTestId("countdown")).containsText(Pattern.compile("Held for (10:00|9:5\\d)"));
		awaitSeatColour(alice, "S-A-3", MINE);
		awaitSeatColour(bob, "S-A-3", HELD);
		screenshot(alice, "seat-map-with-hold");

		// a declined card keeps the hold; a good one buys it, and bob sees it sold
		alice.getByTestId("card").selectOption("tok_chargeDeclined");
		alice.getByTestId("pay").click();
		assertThat(alice.getByTestId("message")).containsText("declined");
		alice.getByTestId("card").selectOption("tok_visa");
		alice.getByTestId("pay").click();
		alice.waitForURL(Pattern.compile(".*/orders/[0-9a-f-]+$"));
		assertThat(alice.getByTestId("tickets")).containsText("S-A-3");
		screenshot(alice, "order");
		awaitSeatColour(bob, "S-A-3", SOLD);

		// the deep link survives a reload
		bob.reload();
		awaitLive(bob);
		awaitSeatColour(bob, "S-A-3", SOLD);

		// a hold left alone expires (the server's clock and sweep), and both maps show it
		// free
		alice.navigate("/events/" + event);
		awaitLive(alice);
		clickSeat(alice, "S-B-1");
		alice.getByTestId("hold").click();
		awaitSeatColour(bob, "S-B-1", HELD);
		clock.advance(Duration.ofSeconds(601));
		expiry.sweep().block();
		awaitSeatColour(bob, "S-B-1", FREE);
		awaitSeatColour(alice, "S-B-1", FREE);
		assertThat(alice.getByTestId("message")).containsText("expired");
		screenshot(bob, "seat-map");
	}

	/**
	 * A venue drawn as it is: a stage, a curved stalls row with a centre aisle, a
	 * wheelchair place and its companion seat at its left end, and a table.
	 */
	private UUID drawnEvent() {
		String admin = admin();
		Map<String, Object> venue = http().post()
			.uri("/api/v1/venues")
			.headers(h -> h.setBearerAuth(admin))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("""
					{"name":"Round Hall","city":"Porto",
					 "stage":{"label":"Stage","x":0,"y":-6,"width":14,"height":3},
					 "sections":[
					  {"code":"S","name":"Stalls","priceTier":"std","x":0,"y":0,
					   "rows":[{"label":"A","seats":10,"radius":12,"gapsAfter":[5],"wheelchair":[1],"companion":[2]},
					           {"label":"B","seats":10,"radius":13,"gapsAfter":[5]}]},
					  {"code":"D","name":"Dining","priceTier":"table","x":12,"y":-2,"rotation":-20,
					   "tables":[{"label":"T1","seats":6,"x":0,"y":1}]}]}""")
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		Map<String, Object> event = eventOn(venue.get("venueId"), admin, euros("std", 4000, "table", 9000));
		return UUID.fromString((String) event.get("eventId"));
	}

	@Test
	void aBuyerPicksAWheelchairPlaceAndItsCompanionOnADrawnVenueAndTheOtherSeesIt() {
		UUID event = drawnEvent();
		Page alice = open(buyer(), "/events/" + event);
		Page bob = open(buyer(), "/events/" + event);
		awaitLive(alice);
		awaitLive(bob);
		assertThat(alice.getByTestId("legend-wheelchair-place")).hasText("Wheelchair place");
		assertThat(alice.getByTestId("legend-companion-seat")).hasText("Companion seat");
		// a wheelchair place is marked with a white dot where its colour would be
		awaitSeatColour(bob, "S-A-1", "#ffffff");
		awaitSeatColour(bob, "S-A-2", FREE);

		// the row is drawn as an arc: its ends nearer the stage (higher on the canvas)
		// than its middle, and the aisle wider than the space between neighbours
		assertThat(centreY(alice, "S-A-1")).isLessThan(centreY(alice, "S-A-5"));
		assertThat(centreX(alice, "S-A-6") - centreX(alice, "S-A-5"))
			.isGreaterThan(1.5 * (centreX(alice, "S-A-5") - centreX(alice, "S-A-4")));

		// the seat under the pointer says what it is
		Map<String, Number> first = centre(alice, "S-A-1");
		alice.getByTestId("seat-canvas")
			.hover(new Locator.HoverOptions().setPosition(first.get("x").doubleValue(), first.get("y").doubleValue()));
		assertThat(alice.getByTestId("seat-tip")).containsText("Stalls, row A, seat 1 (wheelchair place)");
		assertThat(alice.getByTestId("seat-tip")).containsText("€40.00 · free");

		// the buyer can narrow the map to wheelchair places and their companions
		bob.getByTestId("filter-accessible").check();
		awaitSeatColour(bob, "S-A-3", DIMMED);
		awaitSeatColour(bob, "S-A-2", FREE);
		bob.getByTestId("filter-accessible").uncheck();
		awaitSeatColour(bob, "S-A-3", FREE);

		alice.getByTestId("seat-canvas").focus();
		clickSeat(alice, "S-A-1");
		assertThat(alice.getByTestId("announcer")).containsText("Stalls, row A, seat 1 (wheelchair place)");
		clickSeat(alice, "S-A-2");
		assertThat(alice.getByTestId("announcer")).containsText("seat 2 (companion seat)");
		assertThat(alice.getByTestId("hold")).hasText("Hold 2 seats");
		alice.getByTestId("hold").click();
		assertThat(alice.getByTestId("countdown")).containsText("Held for");
		bob.waitForFunction("() => window.marqueeMap.map.statusOf(window.marqueeMap.map.indexOf('S-A-1')) === 'HELD'");
		awaitSeatColour(bob, "S-A-2", HELD);
		awaitSeatColour(alice, "S-A-2", MINE);
		screenshot(alice, "drawn-venue-wheelchair-hold");

		// the venue's only wheelchair place is taken: best available says so
		bob.getByTestId("best-quantity").fill("2");
		bob.getByTestId("best-wheelchair").check();
		bob.getByTestId("best").click();
		assertThat(bob.getByTestId("message")).containsText("not that many seats together");

		// a table seat is picked where it is drawn, at its tier's price
		clickSeat(bob, "D-T1-4");
		assertThat(bob.getByTestId("announcer")).containsText("Dining, table T1, seat 4");
		screenshot(bob, "drawn-venue-watcher");
	}

	private static double centreY(Page page, String seatId) {
		return centre(page, seatId).get("y").doubleValue();
	}

	/**
	 * Waits until the designer's preview shows the seat as this kind (0 standard, 1
	 * wheelchair, 2 companion).
	 */
	private static void awaitKind(Page page, String seatId, int kind) {
		page.waitForFunction(
				"([id, kind]) => { const m = window.marqueeMap; "
						+ "return !!m && m.map.indexOf(id) >= 0 && m.map.category[m.map.indexOf(id)] === kind; }",
				List.of(seatId, kind));
	}

	private static void type(Page page, String testId, String value) {
		page.getByTestId(testId).fill(value);
		page.getByTestId(testId).press("Tab");
	}

	@Test
	void anOrganizerDesignsAVenueWithACurvedRowAStageAndAWheelchairPlaceThatABuyerThenPicks() {
		String admin = admin();
		Page designer = open(admin, "/admin/venues/new", 1400, 900);
		assertThat(designer.getByTestId("preview-status")).hasAttribute("data-seats", "20");
		type(designer, "venue-name", "Designer Hall");
		type(designer, "section-0-row-0-radius", "12");
		type(designer, "section-0-row-0-gaps", "5");
		type(designer, "section-0-row-1-radius", "13");
		type(designer, "section-0-row-1-gaps", "5");
		designer.getByTestId("section-0-add-row").click();
		// the new row follows the last: C, ten seats, a wider arc, the same aisle
		assertThat(designer.getByTestId("section-0-row-2-label")).hasValue("C");
		assertThat(designer.getByTestId("section-0-row-2-radius")).hasValue("14");
		assertThat(designer.getByTestId("preview-status")).hasAttribute("data-seats", "30");
		// the plan is drawn as it is: the arc's ends nearer the stage than its middle
		designer.waitForFunction("() => window.marqueeMap && window.marqueeMap.map.size === 30");
		assertThat(centre(designer, "S-A-1").get("y").doubleValue())
			.isLessThan(centre(designer, "S-A-5").get("y").doubleValue());

		// a click marks a wheelchair place; two, a companion seat; undo and redo step
		clickSeat(designer, "S-A-1");
		awaitKind(designer, "S-A-1", 1);
		clickSeat(designer, "S-A-2");
		awaitKind(designer, "S-A-2", 1);
		clickSeat(designer, "S-A-2");
		awaitKind(designer, "S-A-2", 2);
		designer.getByTestId("undo").click();
		awaitKind(designer, "S-A-2", 1);
		designer.getByTestId("redo").click();
		awaitKind(designer, "S-A-2", 2);

		// a rule broken is listed at once, and undone
		type(designer, "section-0-row-2-radius", "1");
		assertThat(designer.getByTestId("problems")).containsText("sections[0].rows[2].radius");
		assertThat(designer.getByTestId("preview-status")).containsText("to fix before it can be saved");
		designer.getByTestId("undo").click();
		assertThat(designer.getByTestId("preview-status")).hasAttribute("data-seats", "30");
		assertThat(designer.getByTestId("problems")).isEmpty();
		screenshot(designer, "chart-designer");

		designer.getByTestId("save").click();
		designer.waitForURL(Pattern.compile(".*/admin/venues/[0-9a-f-]+$"));
		String venueId = designer.url().substring(designer.url().lastIndexOf('/') + 1);
		// re-opened, it keeps editing where it was
		assertThat(designer.getByTestId("venue-name")).hasValue("Designer Hall");
		awaitKind(designer, "S-A-1", 1);
		awaitKind(designer, "S-A-2", 2);

		Map<String, Object> event = eventOn(venueId, admin, euros("std", 4000));

		// a buyer picks the wheelchair place with its companion seat; another sees it
		// live
		Page alice = open(buyer(), "/events/" + event.get("eventId"));
		Page bob = open(buyer(), "/events/" + event.get("eventId"));
		awaitLive(alice);
		awaitLive(bob);
		awaitSeatColour(bob, "S-A-2", FREE);
		clickSeat(alice, "S-A-1");
		clickSeat(alice, "S-A-2");
		assertThat(alice.getByTestId("hold")).hasText("Hold 2 seats");
		alice.getByTestId("hold").click();
		awaitSeatColour(bob, "S-A-2", HELD);
		bob.waitForFunction("() => window.marqueeMap.map.statusOf(window.marqueeMap.map.indexOf('S-A-1')) === 'HELD'");
		screenshot(bob, "designed-venue-live");

		// the venue is in use now: an edit is saved as a new venue
		type(designer, "venue-name", "Designer Hall II");
		designer.getByTestId("save").click();
		assertThat(designer.getByTestId("message")).containsText("Save your edit as a new venue");
		designer.getByTestId("save-as-new").click();
		designer.waitForURL(url -> url.matches(".*/admin/venues/[0-9a-f-]+$") && !url.endsWith(venueId));
		assertThat(designer.getByTestId("venue-name")).hasValue("Designer Hall II");
	}

	/**
	 * Another site's page (served from another origin by a server of the test's own)
	 * loads the embeddable seat map from Marquee, which draws the event live and tells
	 * the page which seat was clicked.
	 */
	@Test
	void anotherSitesPageEmbedsTheLiveSeatMap() throws Exception {
		UUID event = drawnEvent();
		Path embed = Path.of("target", "classes", "static", "embed");
		HttpServer site = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		site.createContext("/", exchange -> {
			String name = exchange.getRequestURI().getPath().substring(1);
			byte[] body = Files.readAllBytes(embed.resolve(name.endsWith(".js") ? "example.js" : "example.html"));
			exchange.getResponseHeaders()
				.set("Content-Type", name.endsWith(".js") ? "text/javascript" : "text/html; charset=utf-8");
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		site.start();
		try {
			Page page = open(buyer(), "http://127.0.0.1:" + site.getAddress().getPort() + "/example.html?server="
					+ "http://localhost:" + port + "&event=" + event);
			assertThat(page.locator("marquee-seat-map")).hasAttribute("data-state", "live");

			// a hold made anywhere reaches the embedded map
			held(event, buyer(), "S-B-3");
			page.waitForFunction("() => { const m = document.querySelector('marquee-seat-map').seatMap.map; "
					+ "return m.statusOf(m.indexOf('S-B-3')) === 'HELD'; }");

			@SuppressWarnings("unchecked")
			Map<String, Number> centre = (Map<String, Number>) page
				.evaluate("() => { const e = document.querySelector('marquee-seat-map').seatMap; "
						+ "return e.view.seatCentre(e.map.indexOf('S-A-4')); }");
			page.locator("marquee-seat-map canvas")
				.click(new Locator.ClickOptions().setPosition(centre.get("x").doubleValue(),
						centre.get("y").doubleValue()));
			assertThat(page.getByTestId("clicked")).hasText("Stalls, row A, seat 4, free, €40.00");
			assertThat(page.getByTestId("picked")).hasText("S-A-4");
			screenshot(page, "embedded-seat-map");
		}
		finally {
			site.stop(0);
		}
	}

	/**
	 * The backoffice's new-event form, its venue chosen: a new venue of one section S
	 * whose rows A, B... have these many seats, at price tier std.
	 */
	private Page newEventForm(String admin, String venueName, int... rowSeats) {
		List<Map<String, Object>> rows = new ArrayList<>();
		for (int i = 0; i < rowSeats.length; i++) {
			rows.add(Map.of("label", String.valueOf((char) ('A' + i)), "seats", rowSeats[i]));
		}
		Map<String, Object> venue = http().post()
			.uri("/api/v1/venues")
			.headers(h -> h.setBearerAuth(admin))
			.bodyValue(Map.of("name", venueName, "city", "Porto", "sections",
					List.of(Map.of("code", "S", "name", "Stalls", "priceTier", "std", "rows", rows))))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		Page office = open(admin, "/admin/events/new", 1400, 900);
		office.getByTestId("event-venue").selectOption((String) venue.get("venueId"));
		// the venue's price tiers are asked for once it is chosen
		assertThat(office.getByTestId("event-prices")).hasAttribute("data-venue", (String) venue.get("venueId"));
		return office;
	}

	@Test
	void anOrganizerPutsAnEventOnSaleAndWatchesItsSalesPageWhileABuyerBuys() throws Exception {
		String admin = admin();
		Page office = newEventForm(admin, "Sales Hall", 6, 6);
		office.getByTestId("event-name").fill("Sales night");
		office.getByTestId("price-std").fill("40");
		office.getByTestId("create-event").click();
		office.waitForURL(Pattern.compile(".*/admin/events/[0-9a-f-]+$"));
		UUID event = UUID.fromString(office.url().substring(office.url().lastIndexOf('/') + 1));
		assertThat(office.getByTestId("sales-free")).hasText("12");
		assertThat(office.getByTestId("sales-sold")).hasText("0");
		assertThat(office.getByTestId("waitlist-waiting")).hasText("0");
		assertThat(office.getByTestId("queue-waiting")).isHidden();

		// a buyer holds two seats, then buys them: the page follows without a reload
		String buyer = buyer();
		String hold = held(event, buyer, "S-A-1", "S-A-2");
		assertThat(office.getByTestId("sales-held")).hasText("2");
		purchase(hold, buyer, UUID.randomUUID().toString(), "tok_visa").expectStatus().isCreated();
		assertThat(office.getByTestId("sales-sold")).hasText("2");
		assertThat(office.getByTestId("sales-held")).hasText("0");
		assertThat(office.getByTestId("sales-revenue")).hasText("€80.00");
		assertThat(office.getByTestId("sales-tickets")).hasText("2");
		assertThat(office.locator("[data-testid=sales-chart] .bar").last()).hasAttribute("data-tickets", "2");
		screenshot(office, "sales-page");

		// the orders leave as CSV
		Download download = office.waitForDownload(() -> office.getByTestId("export-orders").click());
		assertThat(Files.readString(download.path())).contains(",CONFIRMED,8000,EUR,S-A-1 S-A-2,");

		// an order found by one of its seats is refunded in full; the page follows
		office.getByTestId("order-search").fill("S-A-2");
		office.getByTestId("order-search").press("Enter");
		Locator refund = office.locator("[data-testid^=refund-]");
		assertThat(refund).hasCount(1);
		office.onceDialog(dialog -> dialog.accept());
		refund.click();
		assertThat(office.getByTestId("message")).containsText("Refunded €80.00");
		assertThat(office.getByTestId("sales-sold")).hasText("0");
		assertThat(office.getByTestId("sales-free")).hasText("12");
		assertThat(office.getByTestId("sales-revenue")).hasText("€0.00");
	}

	@Test
	void anOrganizerSavesADraftPublishesItPostponesItAndCancelsItWhileABuyerWatches() {
		String admin = admin();
		Page office = newEventForm(admin, "Draft Hall", 4);
		office.getByTestId("event-name").fill("Draft night");
		office.getByTestId("event-draft").check();
		office.getByTestId("create-event").click();
		office.waitForURL(Pattern.compile(".*/admin/events/[0-9a-f-]+$"));
		UUID event = UUID.fromString(office.url().substring(office.url().lastIndexOf('/') + 1));
		assertThat(office.getByTestId("event-status")).hasText("draft");
		assertProblem(hold(event, buyer(), "S-A-1").expectStatus()
			.isEqualTo(HttpStatus.CONFLICT)
			.expectBody(JSON)
			.returnResult()
			.getResponseBody(), HttpStatus.CONFLICT, "not-on-sale");

		office.getByTestId("publish-event").click();
		assertThat(office.getByTestId("event-status")).hasText("on sale");
		assertThat(office.getByTestId("publish-event")).isHidden();
		String buyer = buyer();
		purchase(held(event, buyer, "S-A-1"), buyer, UUID.randomUUID().toString(), "tok_visa").expectStatus()
			.isCreated();
		Page seats = open(buyer, "/events/" + event, 1200, 800);
		awaitLive(seats);

		// a new date: the page says so, and the buyer's order is announced for it
		office.locator("summary", new Page.LocatorOptions().setHasText("Change the event")).click();
		office.getByTestId("postpone-to").fill("2031-03-01T20:00");
		office.getByTestId("postpone-event").click();
		assertThat(office.getByTestId("message")).containsText("every buyer is told by email");
		assertThat(office.getByTestId("event-when")).containsText("2031");

		office.onceDialog(dialog -> dialog.accept());
		office.getByTestId("cancel-event").click();
		assertThat(office.getByTestId("message")).containsText("Cancelled. 1 orders are being refunded");
		assertThat(office.getByTestId("event-status")).hasText("cancelled");
		seats.reload();
		assertThat(seats.getByTestId("event-cancelled")).containsText("This event is cancelled");
		Awaitility.await()
			.atMost(Duration.ofSeconds(30))
			.until(() -> count("select count(*) from orders where event_id = :event and refund_status = 'REFUNDED'",
					event) == 1);
	}

	@Test
	void anOrganizerSetsPriceRulesResaleAndTheWaitingRoomsProofOfWorkFromTheSalesPage() {
		UUID event = event(4, Map.of("queue", Map.of("enabled", true, "admitPerMinute", 60)));
		String admin = admin();
		Page office = open(admin, "/admin/events/" + event, 1400, 900);
		office.getByTestId("sale-controls").locator("summary").click();

		// an early-bird window around now: every hold from now on costs €30.00
		DateTimeFormatter local = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm").withZone(ZoneId.systemDefault());
		office.getByTestId("rule-tier").selectOption("std");
		office.getByTestId("rule-from").fill(local.format(clock.instant().minus(Duration.ofHours(1))));
		office.getByTestId("rule-until").fill(local.format(clock.instant().plus(Duration.ofDays(1))));
		office.getByTestId("rule-price").fill("30");
		office.getByTestId("rule-label").fill("Early bird");
		office.getByTestId("add-rule").click();
		assertThat(office.getByTestId("message")).containsText("Rule added");
		assertThat(office.locator("[data-testid=price-rules] tr")).hasCount(1);
		assertThat(office.locator("[data-testid=price-rules] tr")).containsText("€30.00");
		assertThat(office.locator("[data-testid=price-rules] tr")).containsText("Early bird");
		assertThat(tierPrice(event)).isEqualTo(3000);

		// a rule that would tie with it is refused, saying why, and nothing is added
		office.getByTestId("rule-kind").selectOption("DEMAND_STEP");
		office.getByTestId("rule-share").fill("50");
		office.getByTestId("rule-price").fill("70");
		office.getByTestId("add-rule").click();
		assertThat(office.getByTestId("message")).hasClass(Pattern.compile(".*problem.*"));
		assertThat(office.locator("[data-testid=price-rules] tr")).hasCount(1);

		office.getByTestId("resale-cap").fill("80");
		office.getByTestId("save-resale").click();
		assertThat(office.getByTestId("message")).containsText("at most 80% of face value");
		assertThat(read(admin, "/api/v1/events/{id}/resale-settings", event)).containsEntry("capPercent", 80);

		office.getByTestId("queue-difficulty").fill("12");
		office.getByTestId("save-difficulty").click();
		assertThat(office.getByTestId("message")).containsText("12-bit proof of work");
		assertThat(read(admin, "/api/v1/events/{id}/queue-difficulty", event)).containsEntry("difficulty", 12);

		office.locator("[data-testid^=delete-rule-]").click();
		assertThat(office.locator("[data-testid=price-rules] tr")).hasCount(0);
		assertThat(tierPrice(event)).isEqualTo(5000);
	}

	@SuppressWarnings("unchecked")
	private long tierPrice(UUID event) {
		List<Map<String, Object>> tiers = (List<Map<String, Object>>) read(buyer(), "/api/v1/events/{id}/prices", event)
			.get("tiers");
		return ((Number) ((Map<String, Object>) tiers.get(0).get("price")).get("amountMinor")).longValue();
	}

	@Test
	void anOrganizerGivesAnEventItsPerformerAndCategorySoBuyersFindIt() {
		String admin = admin();
		Page office = newEventForm(admin, "Search Hall", 4);
		office.getByTestId("event-name").fill("Night of strings");
		office.getByTestId("event-performer").fill("Quartetto Björk");
		office.getByTestId("event-category").fill("classical");
		office.getByTestId("create-event").click();
		office.waitForURL(Pattern.compile(".*/admin/events/[0-9a-f-]+$"));
		UUID event = UUID.fromString(office.url().substring(office.url().lastIndexOf('/') + 1));
		assertThat(read(admin, "/api/v1/events/{id}", event)).containsEntry("performer", "Quartetto Björk")
			.containsEntry("category", "classical");

		office.locator("summary", new Page.LocatorOptions().setHasText("Change the event")).click();
		office.getByTestId("edit-performer").fill("Quartetto Bjork e amici");
		office.getByTestId("save-event").click();
		assertThat(office.getByTestId("message")).containsText("Saved");
		// the buyers' list finds it by its new performer
		Page buyer = open(buyer(), "/?q=amici");
		Locator cards = buyer.locator(".event-list:not([aria-busy]) .event-card");
		assertThat(cards).hasCount(1);
		assertThat(cards).containsText("Night of strings");
	}

	@Test
	void aSeatTakenWhileInSomeonesPickIsDroppedWithAClearMessage() {
		UUID event = event(10);
		String carol = buyer();
		Page page = open(carol, "/events/" + event);
		awaitLive(page);
		clickSeat(page, "S-A-5");
		assertThat(page.getByTestId("hold")).hasText("Hold 1 seat");
		held(event, buyer(), "S-A-5");
		assertThat(page.getByTestId("message")).containsText("S-A-5 was just taken");
		assertThat(page.getByTestId("hold")).isDisabled();
	}

	@Test
	void theMapWorksByKeyboardZoomsAndPansAndWorksAsAListOnAPhoneSizedScreen() {
		UUID event = event(10);
		Page page = open(buyer(), "/events/" + event, 375, 740);
		awaitLive(page);
		Locator canvas = page.getByTestId("seat-canvas");
		canvas.focus();
		page.keyboard().press("ArrowRight");
		assertThat(page.getByTestId("announcer")).containsText("Stalls, row A, seat 1, free");
		page.keyboard().press("ArrowRight");
		page.keyboard().press("Enter");
		assertThat(page.getByTestId("announcer")).containsText("row A, seat 2 added to your pick");
		assertThat(page.getByTestId("hold")).hasText("Hold 1 seat");

		// plus zooms in, a drag pans, and a click still picks the seat under the pointer
		double spacing = centreX(page, "S-A-2") - centreX(page, "S-A-1");
		page.keyboard().press("+");
		assertThat(centreX(page, "S-A-2") - centreX(page, "S-A-1")).isCloseTo(spacing * 1.25, within(0.01));
		double before = centreX(page, "S-A-4");
		BoundingBox box = canvas.boundingBox();
		page.mouse().move(box.x + 5, box.y + 5);
		page.mouse().down();
		page.mouse().move(box.x + 45, box.y + 5, new Mouse.MoveOptions().setSteps(4));
		page.mouse().up();
		assertThat(centreX(page, "S-A-4")).isCloseTo(before + 40, within(0.5));
		clickSeat(page, "S-A-4");
		assertThat(page.getByTestId("hold")).hasText("Hold 2 seats");

		page.getByTestId("list-toggle").click();
		Locator seat3 = page.getByRole(AriaRole.BUTTON,
				new Page.GetByRoleOptions().setName(Pattern.compile("^Stalls, row A, seat 3,")));
		assertThat(seat3).hasAttribute("aria-pressed", "false");
		seat3.click();
		assertThat(page.getByTestId("hold")).hasText("Hold 3 seats");
		screenshot(page, "seat-list-phone");
	}

	@Test
	void aQueueProtectedEventSendsTheBuyerThroughTheWaitingRoomToTheMap() {
		UUID event = event(10, Map.of("queue", Map.of("enabled", true, "admitPerMinute", 60)));
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> admitter.tick().block());
		Page page = open(buyer(), "/events/" + event);
		page.waitForURL(Pattern.compile(".*/events/" + event + "/queue$"));
		assertThat(page.getByTestId("queue-position")).hasText("You are number 1 in line.");
		screenshot(page, "waiting-room");

		clock.advance(Duration.ofSeconds(2));
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> admitter.tick().block());
		page.waitForURL(Pattern.compile(".*/events/" + event + "$"));
		awaitLive(page);
		clickSeat(page, "S-A-1");
		page.getByTestId("hold").click();
		assertThat(page.getByTestId("countdown")).isVisible();
		awaitSeatColour(page, "S-A-1", MINE);
	}

	@Test
	void bestAvailableThenPayThenCancelFromTheOrderPage() {
		UUID event = event(10);
		Page buyer = open(buyer(), "/events/" + event);
		Page watcher = open(buyer(), "/events/" + event);
		awaitLive(buyer);
		awaitLive(watcher);
		buyer.getByTestId("best-quantity").fill("2");
		buyer.getByTestId("best").click();
		assertThat(buyer.getByTestId("message")).containsText("S-A-5, S-A-6");
		awaitSeatColour(watcher, "S-A-5", HELD);
		buyer.getByTestId("pay").click();
		buyer.waitForURL(Pattern.compile(".*/orders/[0-9a-f-]+$"));
		// the tickets' QR codes, as the server draws them
		assertThat(buyer.locator("img[alt^='QR code']")).hasCount(2);
		awaitSeatColour(watcher, "S-A-6", SOLD);
		screenshot(buyer, "order-with-qr");

		buyer.onDialog(dialog -> dialog.accept());
		buyer.getByTestId("cancel-order").click();
		assertThat(buyer.getByTestId("order-status")).containsText("cancelled");
		awaitSeatColour(watcher, "S-A-5", FREE);
		awaitSeatColour(watcher, "S-A-6", FREE);
	}

	@Test
	void aSoldOutSectionsWaitlistHoldsFreedSeatsForTheBuyerWhoThenGivesATicketAway() {
		UUID event = event(2);
		String other = buyer();
		String front = held(event, other, "S-A-1", "S-A-2");
		held(event, buyer(), "S-B-1", "S-B-2");
		Page page = open(buyer(), "/events/" + event);
		awaitLive(page);
		page.getByTestId("best-section").selectOption("S");
		page.getByTestId("best-quantity").fill("2");
		page.getByTestId("best").click();
		assertThat(page.getByTestId("message")).containsText("join the waitlist");
		page.getByTestId("waitlist").click();
		assertThat(page.getByTestId("waitlist-status")).containsText("number 1");

		http().delete()
			.uri("/api/v1/holds/{id}", front)
			.headers(h -> h.setBearerAuth(other))
			.exchange()
			.expectStatus()
			.isNoContent();
		assertThat(page.getByTestId("message")).containsText("held for you: S-A-1, S-A-2");
		assertThat(page.getByTestId("countdown")).isVisible();
		awaitSeatColour(page, "S-A-1", MINE);

		page.getByTestId("pay").click();
		page.waitForURL(Pattern.compile(".*/orders/[0-9a-f-]+$"));
		page.getByTestId("transfer-to").first().fill("friend-1");
		page.getByTestId("transfer").first().click();
		assertThat(page.getByTestId("transferred")).containsText("given to friend-1");
		assertThat(count("select count(*) from ticket where event_id = :event and user_id = 'friend-1'", event))
			.isEqualTo(1);
	}

	@Test
	void theEventsPageListsEventsWithLinksToTheirMaps() {
		// found by its performer: the list shows a page at a time, and other tests'
		// events
		// come first
		String performer = "Linkers " + Long.toString(System.nanoTime(), 36);
		UUID event = event(4, Map.of("performer", performer));
		Page page = open(buyer(), "/?q=" + performer.replace(' ', '+'));
		Locator link = page.locator("a[href='/events/" + event + "']");
		link.click();
		page.waitForURL(Pattern.compile(".*/events/" + event + "$"));
		awaitLive(page);
		page.navigate("/");
		screenshot(page, "events");
	}

}
