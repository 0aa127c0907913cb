package dev.marquee.sale.web;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.marquee.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An event's sales for its organizers: confirmed orders, tickets and revenue minute by
 * minute, cancelled orders counted apart, and the orders as CSV; for ADMIN only.
 */
class SalesHttpTests extends IntegrationTest {

	private String buy(UUID event, String buyer, String... seats) {
		String hold = held(event, buyer, seats);
		return (String) purchase(hold, buyer, UUID.randomUUID().toString(), "tok_visa").expectStatus()
			.isCreated()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody()
			.get("orderId");
	}

	@SuppressWarnings("unchecked")
	@Test
	void theSalesPageSeesEveryConfirmedTicketByMinuteAndTheExportEveryOrder() {
		UUID event = event(6);
		String admin = admin();
		String alice = buyer();
		String bob = buyer();
		buy(event, alice, "S-A-1", "S-A-2");
		clock.advance(Duration.ofMinutes(2));
		String bobs = buy(event, bob, "S-B-4");
		String cancelled = buy(event, bob, "S-B-5");
		http().post()
			.uri("/api/v1/orders/{id}/cancel", cancelled)
			.headers(h -> h.setBearerAuth(bob))
			.exchange()
			.expectStatus()
			.isOk();

		Map<String, Object> sales = read(admin, "/api/v1/events/{id}/sales", event);
		assertThat(sales).containsEntry("orders", 2)
			.containsEntry("tickets", 3)
			.containsEntry("cancelledOrders", 1)
			.containsEntry("revenue", Map.of("amountMinor", 15000, "currency", "EUR"));
		List<Map<String, Object>> minutes = (List<Map<String, Object>>) sales.get("perMinute");
		assertThat(minutes).extracting(m -> m.get("tickets")).containsExactly(2, 1);
		assertThat(minutes.get(1).get("minute").toString()).endsWith(":00Z");

		String csv = http().get()
			.uri("/api/v1/events/{id}/orders.csv", event)
			.headers(h -> h.setBearerAuth(admin))
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueMatches("Content-Type", "text/csv;charset=UTF-8")
			.expectHeader()
			.valueMatches("Content-Disposition", "attachment; filename=\"orders-.*\\.csv\"")
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		List<String> lines = csv.lines().toList();
		assertThat(lines).hasSize(4);
		assertThat(lines.get(0)).isEqualTo("order_id,created_at,buyer,status,total_minor,currency,seats,tickets");
		assertThat(lines.get(1)).contains(",CONFIRMED,10000,EUR,S-A-1 S-A-2,");
		assertThat(lines).anySatisfy(line -> assertThat(line).startsWith(bobs).contains(",CONFIRMED,5000,EUR,S-B-4,"));
		assertThat(lines).anySatisfy(line -> assertThat(line).startsWith(cancelled).contains(",CANCELLED,5000,"));

		for (String uri : List.of("/api/v1/events/{id}/sales", "/api/v1/events/{id}/orders.csv")) {
			http().get().uri(uri, event).headers(h -> h.setBearerAuth(alice)).exchange().expectStatus().isForbidden();
		}
		http().get()
			.uri("/api/v1/events/{id}/sales", UUID.randomUUID())
			.headers(h -> h.setBearerAuth(admin))
			.exchange()
			.expectStatus()
			.isNotFound();
	}

	@Test
	void aFieldASpreadsheetWouldRunIsDefused() {
		assertThat(SalesController.csv("buyer-1")).isEqualTo("buyer-1");
		assertThat(SalesController.csv("a,b")).isEqualTo("\"a,b\"");
		assertThat(SalesController.csv("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
		assertThat(SalesController.csv("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
	}

	@SuppressWarnings("unchecked")
	@Test
	void organizersFindOrdersByWhatTheyKnowAndRefundThemInFullPastTheCutOff() {
		// refunds to buyers ended long ago (the cut-off is a year before the event)
		UUID event = event(6, Map.of("refundCutoffHours", 8760));
		String admin = admin();
		String aliceId = "buyer-" + UUID.randomUUID();
		String alice = token(aliceId);
		String order = buy(event, alice, "S-A-3", "S-A-4");
		buy(event, buyer(), "S-B-1");
		Map<String, Object> mine = read(alice, "/api/v1/orders/{id}", order);
		String ticket = (String) ((List<Map<String, Object>>) mine.get("tickets")).get(0).get("ticketId");

		for (String query : List.of(order, order.toUpperCase(), ticket, "s-a-4", aliceId.substring(0, 12))) {
			List<Map<String, Object>> found = http().get()
				.uri(b -> b.path("/api/v1/events/{id}/orders").queryParam("q", query).build(event))
				.headers(h -> h.setBearerAuth(admin))
				.exchange()
				.expectStatus()
				.isOk()
				.expectBodyList(JSON)
				.returnResult()
				.getResponseBody();
			assertThat(found).as(query)
				.singleElement()
				.satisfies(line -> assertThat(line).containsEntry("orderId", order)
					.containsEntry("userId", aliceId)
					.containsEntry("seatIds", List.of("S-A-3", "S-A-4")));
		}
		// a wildcard is a character like any other
		assertThat(http().get()
			.uri(b -> b.path("/api/v1/events/{id}/orders").queryParam("q", "%").build(event))
			.headers(h -> h.setBearerAuth(admin))
			.exchange()
			.expectBodyList(JSON)
			.returnResult()
			.getResponseBody()).isEmpty();

		Map<String, Object> refunded = http().post()
			.uri("/api/v1/orders/{id}/refund", order)
			.headers(h -> h.setBearerAuth(admin))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		assertThat(refunded).containsEntry("status", "CANCELLED")
			.containsEntry("refund", Map.of("amountMinor", 10000, "currency", "EUR"));
		assertThat(statuses(event)).startsWith("......");
		// again: the same answer, nothing refunded twice
		assertThat(http().post()
			.uri("/api/v1/orders/{id}/refund", order)
			.headers(h -> h.setBearerAuth(admin))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody()).containsEntry("refund", Map.of("amountMinor", 10000, "currency", "EUR"));
		http().post()
			.uri("/api/v1/orders/{id}/refund", order)
			.headers(h -> h.setBearerAuth(alice))
			.exchange()
			.expectStatus()
			.isForbidden();
	}

}
