package dev.marquee.sale;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import dev.marquee.hold.SeatsReleased;
import dev.marquee.support.IntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cancelling an order: refunded in full before the event's cut-off and not after, tickets
 * void, seats back on sale and announced, one outbox row; idempotent, even when sent many
 * times at once.
 */
class CancelTests extends IntegrationTest {

	@Autowired
	SimulatedPaymentGateway gateway;

	private Map<String, Object> buy(UUID event, String buyer, String... seats) {
		String hold = held(event, buyer, seats);
		return purchase(hold, buyer, "k-" + UUID.randomUUID(), "tok_visa").expectStatus()
			.isCreated()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
	}

	private WebTestClient.ResponseSpec cancel(Object orderId, String buyer) {
		return http().post().uri("/api/v1/orders/{id}/cancel", orderId).headers(h -> h.setBearerAuth(buyer)).exchange();
	}

	private long refunds(Object orderId) {
		String payment = db.sql("select payment_id from orders where id = :id")
			.bind("id", UUID.fromString((String) orderId))
			.map(row -> row.get(0, String.class))
			.one()
			.block();
		return gateway.ledger().stream().filter(e -> e.paymentId().equals(payment) && e.refunded()).count();
	}

	@Test
	void beforeTheCutOffARefundInFullTicketsVoidAndTheSeatsBackOnSaleLive() {
		UUID event = event(4);
		String buyer = buyer();
		Map<String, Object> order = buy(event, buyer, "S-A-1", "S-A-2");
		assertThat(statuses(event)).isEqualTo("XX......");

		Map<String, Object> cancelled = cancel(order.get("orderId"), buyer).expectStatus()
			.isOk()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		assertThat(cancelled).containsEntry("status", "CANCELLED")
			.containsEntry("refundStatus", "REFUNDED")
			.containsEntry("refund", Map.of("amountMinor", 10000, "currency", "EUR"));
		assertThat(refunds(order.get("orderId"))).isEqualTo(1);
		assertThat(statuses(event)).isEqualTo("........");
		assertThat(recorded.of(event)).last().isInstanceOfSatisfying(SeatsReleased.class, released -> {
			assertThat(released.reason()).isEqualTo(SeatsReleased.Reason.CANCELLED);
			assertThat(released.seatIds()).containsExactlyInAnyOrder("S-A-1", "S-A-2");
		});
		assertThat(count("select count(*) from ticket where event_id = :event and status = 'CANCELLED'", event))
			.isEqualTo(2);
		assertThat(count(
				"select count(*) from outbox where type = 'OrderCancelled' and payload->>'eventId' = cast(:event as text)",
				event))
			.isEqualTo(1);
		http().get()
			.uri("/api/v1/me/tickets")
			.headers(h -> h.setBearerAuth(buyer))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$[0].status")
			.isEqualTo("CANCELLED")
			.jsonPath("$[0].code")
			.doesNotExist();
		// on sale again, for anyone
		held(event, buyer(), "S-A-1", "S-A-2");
	}

	@Test
	void afterTheCutOffCancellingRefundsNothingAndFreesTheLimit() {
		// starts in ten days, refunds only until ten days before: the cut-off has passed
		UUID event = event(4, Map.of("refundCutoffHours", 240, "maxTicketsPerUser", 2));
		String buyer = buyer();
		Map<String, Object> order = buy(event, buyer, "S-B-1", "S-B-2");
		hold(event, buyer, "S-B-3").expectStatus().isEqualTo(HttpStatus.CONFLICT);

		cancel(order.get("orderId"), buyer).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.refund.amountMinor")
			.isEqualTo(0)
			.jsonPath("$.refundStatus")
			.isEqualTo("NONE");
		assertThat(refunds(order.get("orderId"))).isZero();
		// the cancelled seats no longer count against the buyer's limit
		held(event, buyer, "S-B-3", "S-B-4");
	}

	@Test
	void cancellingAgainOrManyTimesAtOnceRefundsOnceAndAnswersTheSame() {
		UUID event = event(4);
		String buyer = buyer();
		Object orderId = buy(event, buyer, "S-A-3").get("orderId");
		List<Map<String, Object>> answers = new CopyOnWriteArrayList<>();
		Flux.range(0, 8)
			.parallel(8)
			.runOn(Schedulers.boundedElastic())
			.doOnNext(i -> answers
				.add(cancel(orderId, buyer).expectStatus().isOk().expectBody(JSON).returnResult().getResponseBody()))
			.sequential()
			.blockLast();
		assertThat(answers).hasSize(8)
			.allSatisfy(answer -> assertThat(answer).containsEntry("status", "CANCELLED")
				.containsEntry("cancelledAt", answers.get(0).get("cancelledAt")));
		assertThat(refunds(orderId)).isEqualTo(1);
		assertThat(count(
				"select count(*) from outbox where type = 'OrderCancelled' and payload->>'eventId' = cast(:event as text)",
				event))
			.isEqualTo(1);
		assertThat(recorded.of(event)
			.stream()
			.filter(e -> e instanceof SeatsReleased r && r.reason() == SeatsReleased.Reason.CANCELLED)).hasSize(1);
	}

	@Test
	@SuppressWarnings("unchecked")
	void aCancelIsRefusedWhenItCannotBeHonouredAndChangesNothing() {
		UUID event = event(4);
		String buyer = buyer();
		Object orderId = buy(event, buyer, "S-A-4").get("orderId");
		cancel(orderId, buyer()).expectStatus().isNotFound();
		cancel("not-an-order", buyer).expectStatus().isNotFound();
		http().post().uri("/api/v1/orders/{id}/cancel", orderId).exchange().expectStatus().isUnauthorized();

		// a ticket that was scanned in
		String code = (String) ((Map<?, ?>) http().get()
			.uri("/api/v1/me/tickets")
			.headers(h -> h.setBearerAuth(buyer))
			.exchange()
			.expectBodyList(Map.class)
			.returnResult()
			.getResponseBody()
			.get(0)).get("code");
		http().post()
			.uri("/api/v1/tickets/scan")
			.headers(h -> h.setBearerAuth(token("door", "SCANNER")))
			.bodyValue(Map.of("code", code))
			.exchange()
			.expectStatus()
			.isOk();
		Map<String, Object> problem = cancel(orderId, buyer).expectStatus()
			.isEqualTo(HttpStatus.CONFLICT)
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		assertProblem(problem, HttpStatus.CONFLICT, "order-not-cancellable");
		assertThat(problem).containsEntry("reason", "ticket-used");

		// a ticket that changed hands
		String seller = buyer();
		Map<String, Object> sold = buy(event, seller, "S-B-4");
		Object ticketId = ((List<Map<String, Object>>) sold.get("tickets")).get(0).get("ticketId");
		http().post()
			.uri("/api/v1/tickets/{id}/transfer", ticketId)
			.headers(h -> h.setBearerAuth(seller))
			.bodyValue(Map.of("toUserId", "friend"))
			.exchange()
			.expectStatus()
			.isOk();
		assertThat(cancel(sold.get("orderId"), seller).expectStatus()
			.isEqualTo(HttpStatus.CONFLICT)
			.expectBody(JSON)
			.returnResult()
			.getResponseBody()).containsEntry("reason", "tickets-transferred");

		// the event has started
		String late = buyer();
		Object lateOrder = buy(event, late, "S-A-1").get("orderId");
		clock.advance(Duration.ofDays(11));
		assertThat(cancel(lateOrder, late).expectStatus()
			.isEqualTo(HttpStatus.CONFLICT)
			.expectBody(JSON)
			.returnResult()
			.getResponseBody()).containsEntry("reason", "event-started");

		assertThat(statuses(event)).isEqualTo("X..X...X");
		assertThat(count("select count(*) from orders where event_id = :event and status = 'CANCELLED'", event))
			.isZero();
	}

}
