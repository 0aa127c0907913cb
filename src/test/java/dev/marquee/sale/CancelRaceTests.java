package dev.marquee.sale;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.marquee.support.IntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;
import reactor.core.publisher.Mono;
import reactor.util.function.Tuple2;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A cancel racing a scan at the door or a transfer: exactly one of them wins. Never an order
 * cancelled and refunded whose ticket was scanned in, never a new owner's ticket voided by the
 * old owner's cancel.
 */
class CancelRaceTests extends IntegrationTest {

	private static final int ROUNDS = 24;

	private static final String SCANNER = token("door-race", "SCANNER");

	@Autowired
	SimulatedPaymentGateway gateway;

	private record Bought(String buyer, String orderId, String ticketId, String code, String paymentId) {
	}

	private Bought buy(UUID event, String user, String seat) {
		String buyer = token(user);
		Map<String, Object> order = purchase(held(event, buyer, seat), buyer, "k-" + UUID.randomUUID(), "tok_visa")
			.expectStatus().isCreated().expectBody(JSON).returnResult().getResponseBody();
		String orderId = (String) order.get("orderId");
		Map<String, Object> ticket = http().get().uri("/api/v1/me/tickets").headers(h -> h.setBearerAuth(buyer))
			.exchange().expectStatus().isOk().expectBodyList(JSON).returnResult().getResponseBody()
			.stream().filter(t -> orderId.equals(t.get("orderId"))).findFirst().orElseThrow();
		String payment = db.sql("select payment_id from orders where id = :id").bind("id", UUID.fromString(orderId))
			.map(row -> row.get(0, String.class)).one().block();
		return new Bought(buyer, orderId, (String) ticket.get("ticketId"), (String) ticket.get("code"), payment);
	}

	private Mono<Integer> post(String path, String token, Object body, Duration after) {
		var spec = webClient().post().uri(path).headers(h -> h.setBearerAuth(token));
		return Mono.delay(after)
			.then((body == null ? spec : spec.bodyValue(body))
				.exchangeToMono(response -> response.releaseBody().thenReturn(response.statusCode().value())));
	}

	private String orderStatus(String orderId) {
		return db.sql("select status from orders where id = :id").bind("id", UUID.fromString(orderId))
			.map(row -> row.get(0, String.class)).one().block();
	}

	private Map<String, Object> ticketRow(String ticketId) {
		return db.sql("select status, user_id from ticket where id = :id").bind("id", UUID.fromString(ticketId))
			.fetch().one().block();
	}

	private boolean refunded(String paymentId) {
		return gateway.ledger().stream().anyMatch(e -> e.paymentId().equals(paymentId) && e.refunded());
	}

	@Test
	void aCancelRacingAScanNeverRefundsATicketThatWasScannedIn() {
		Random random = new Random();
		UUID event = event(ROUNDS / 2);
		int cancels = 0;
		int scans = 0;
		for (int i = 0; i < ROUNDS; i++) {
			Bought bought = buy(event, "c-" + UUID.randomUUID(), "S-" + (i % 2 == 0 ? "A" : "B") + "-" + (i / 2 + 1));
			Tuple2<Integer, Integer> answers = Mono.zip(
					post("/api/v1/orders/" + bought.orderId() + "/cancel", bought.buyer(), null,
							Duration.ofMillis(random.nextInt(30))),
					post("/api/v1/tickets/scan", SCANNER, Map.of("code", bought.code()), Duration.ofMillis(random.nextInt(30))))
				.block(Duration.ofSeconds(30));
			boolean cancelled = answers.getT1() == 200;
			boolean scanned = answers.getT2() == 200;
			String context = "round " + i + ": cancel " + answers.getT1() + ", scan " + answers.getT2();
			assertThat(cancelled ^ scanned).as("exactly one wins; " + context).isTrue();
			Map<String, Object> ticket = ticketRow(bought.ticketId());
			if (scanned) {
				assertThat(ticket.get("status")).as(context).isEqualTo("USED");
				assertThat(orderStatus(bought.orderId())).as(context).isEqualTo("CONFIRMED");
				assertThat(refunded(bought.paymentId())).as(context).isFalse();
				scans++;
			}
			else {
				assertThat(ticket.get("status")).as(context).isEqualTo("CANCELLED");
				assertThat(orderStatus(bought.orderId())).as(context).isEqualTo("CANCELLED");
				cancels++;
			}
		}
		// both orders of events happen, or the race was never run
		assertThat(List.of(cancels, scans)).as("cancels and scans won").doesNotContain(0);
	}

	@Test
	void aCancelRacingATransferNeverVoidsTheNewOwnersTicket() {
		Random random = new Random();
		UUID event = event(ROUNDS / 2);
		int cancels = 0;
		int transfers = 0;
		for (int i = 0; i < ROUNDS; i++) {
			Bought bought = buy(event, "t-" + UUID.randomUUID(), "S-" + (i % 2 == 0 ? "A" : "B") + "-" + (i / 2 + 1));
			String friend = "friend-" + UUID.randomUUID();
			Tuple2<Integer, Integer> answers = Mono.zip(
					post("/api/v1/orders/" + bought.orderId() + "/cancel", bought.buyer(), null,
							Duration.ofMillis(random.nextInt(30))),
					post("/api/v1/tickets/" + bought.ticketId() + "/transfer", bought.buyer(), Map.of("toUserId", friend),
							Duration.ofMillis(random.nextInt(30))))
				.block(Duration.ofSeconds(30));
			boolean cancelled = answers.getT1() == 200;
			boolean transferred = answers.getT2() == 200;
			String context = "round " + i + ": cancel " + answers.getT1() + ", transfer " + answers.getT2();
			assertThat(cancelled ^ transferred).as("exactly one wins; " + context).isTrue();
			Map<String, Object> ticket = ticketRow(bought.ticketId());
			if (transferred) {
				assertThat(ticket).as(context).containsEntry("status", "VALID").containsEntry("user_id", friend);
				assertThat(orderStatus(bought.orderId())).as(context).isEqualTo("CONFIRMED");
				assertThat(refunded(bought.paymentId())).as(context).isFalse();
				transfers++;
			}
			else {
				assertThat(ticket.get("status")).as(context).isEqualTo("CANCELLED");
				assertThat(orderStatus(bought.orderId())).as(context).isEqualTo("CANCELLED");
				cancels++;
			}
		}
		assertThat(List.of(cancels, transfers)).as("cancels and transfers won").doesNotContain(0);
	}

}
