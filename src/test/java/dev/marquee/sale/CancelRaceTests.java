package dev.marquee.sale;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;

import org.junit.jupiter.api.Test;

import dev.marquee.support.IntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;
import reactor.core.publisher.Mono;
import reactor.util.function.Tuple2;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A cancel racing a scan at the door or a transfer: exactly one of them wins. Never an
 * order cancelled and refunded whose ticket was scanned in, never a new owner's ticket
 * voided by the old owner's cancel.
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
			.expectStatus()
			.isCreated()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		String orderId = (String) order.get("orderId");
		Map<String, Object> ticket = http().get()
			.uri("/api/v1/me/tickets")
			.headers(h -> h.setBearerAuth(buyer))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBodyList(JSON)
			.returnResult()
			.getResponseBody()
			.stream()
			.filter(t -> orderId.equals(t.get("orderId")))
			.findFirst()
			.orElseThrow();
		String payment = db.sql("select payment_id from orders where id = :id")
			.bind("id", UUID.fromString(orderId))
			.map(row -> row.get(0, String.class))
			.one()
			.block();
		return new Bought(buyer, orderId, (String) ticket.get("ticketId"), (String) ticket.get("code"), payment);
	}

	private Mono<Integer> post(String path, String token, Object body, Duration after) {
		var spec = webClient().post().uri(path).headers(h -> h.setBearerAuth(token));
		return Mono.delay(after)
			.then((body == null ? spec : spec.bodyValue(body))
				.exchangeToMono(response -> response.releaseBody().thenReturn(response.statusCode().value())));
	}

	private String orderStatus(String orderId) {
		return db.sql("select status from orders where id = :id")
			.bind("id", UUID.fromString(orderId))
			.map(row -> row.get(0, String.class))
			.one()
			.block();
	}

	private Map<String, Object> ticketRow(String ticketId) {
		return db.sql("select status, user_id from ticket where id = :id")
			.bind("id", UUID.fromString(ticketId))
			.fetch()
			.one()
			.block();
	}

	private boolean refunded(String paymentId) {
		return gateway.ledger().stream().anyMatch(e -> e.paymentId().equals(paymentId) && e.refunded());
	}

	@Test
	void aCancelRacingAScanNeverRefundsATicketThatWasScannedIn() {
		raceCancelAgainst("scan",
				(bought, after) -> post("/api/v1/tickets/scan", SCANNER, Map.of("code", bought.code()), after),
				(bought, context) -> assertThat(ticketRow(bought.ticketId()).get("status")).as(context)
					.isEqualTo("USED"));
	}

	@Test
	void aCancelRacingATransferNeverVoidsTheNewOwnersTicket() {
		Map<String, String> friends = new ConcurrentHashMap<>();
		raceCancelAgainst("transfer", (bought, after) -> {
			String friend = friends.computeIfAbsent(bought.ticketId(), id -> "friend-" + UUID.randomUUID());
			return post("/api/v1/tickets/" + bought.ticketId() + "/transfer", bought.buyer(),
					Map.of("toUserId", friend), after);
		}, (bought, context) -> assertThat(ticketRow(bought.ticketId())).as(context)
			.containsEntry("status", "VALID")
			.containsEntry("user_id", friends.get(bought.ticketId())));
	}

	/**
	 * Rounds of a fresh order's cancel against {@code other} on its ticket, each started
	 * after a random jitter: exactly one wins; the loser leaves no trace (a won
	 * {@code other} leaves the order confirmed and unrefunded, and {@code otherWon}
	 * checks its ticket; a won cancel leaves order and ticket cancelled). Both sides must
	 * win some rounds, or the race never ran.
	 */
	private void raceCancelAgainst(String name, BiFunction<Bought, Duration, Mono<Integer>> other,
			BiConsumer<Bought, String> otherWon) {
		Random random = new Random();
		UUID event = event(ROUNDS / 2);
		int cancels = 0;
		int others = 0;
		for (int i = 0; i < ROUNDS; i++) {
			Bought bought = buy(event, "c-" + UUID.randomUUID(), "S-" + (i % 2 == 0 ? "A" : "B") + "-" + (i / 2 + 1));
			Tuple2<Integer, Integer> answers = Mono
				.zip(post("/api/v1/orders/" + bought.orderId() + "/cancel", bought.buyer(), null,
						Duration.ofMillis(random.nextInt(30))),
						other.apply(bought, Duration.ofMillis(random.nextInt(30))))
				.block(Duration.ofSeconds(30));
			String context = "round " + i + ": cancel " + answers.getT1() + ", " + name + " " + answers.getT2();
			assertThat(answers.getT1() == 200 ^ answers.getT2() == 200).as("exactly one wins; " + context).isTrue();
			if (answers.getT2() == 200) {
				otherWon.accept(bought, context);
				assertThat(orderStatus(bought.orderId())).as(context).isEqualTo("CONFIRMED");
				assertThat(refunded(bought.paymentId())).as(context).isFalse();
				others++;
			}
			else {
				assertThat(ticketRow(bought.ticketId()).get("status")).as(context).isEqualTo("CANCELLED");
				assertThat(orderStatus(bought.orderId())).as(context).isEqualTo("CANCELLED");
				cancels++;
			}
		}
		assertThat(List.of(cancels, others)).as("rounds won by the cancel and by the " + name).doesNotContain(0);
	}

}
