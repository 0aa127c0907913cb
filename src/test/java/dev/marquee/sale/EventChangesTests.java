package dev.marquee.sale;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.marquee.catalog.CatalogManagement;
import dev.marquee.support.IntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The organizers' changes to an event that has buyers: drafts that nobody can buy for
 * until published, edits, a new date every buyer hears of once, a cancellation that
 * refunds every order (even purchases under way when it came) and tells every buyer, and
 * tickets sent again.
 */
class EventChangesTests extends IntegrationTest {

	@Autowired
	SimulatedPaymentGateway gateway;

	@Autowired
	CatalogManagement catalog;

	private WebTestClient.ResponseSpec post(String token, String uri, Object body, Object... variables) {
		var spec = http().post().uri(uri, variables).headers(h -> h.setBearerAuth(token));
		return (body == null ? spec : spec.bodyValue(body)).exchange();
	}

	private Map<String, Object> body(WebTestClient.ResponseSpec spec, HttpStatus status) {
		return spec.expectStatus().isEqualTo(status).expectBody(JSON).returnResult().getResponseBody();
	}

	private String buy(UUID event, String buyer, String... seats) {
		return (String) body(purchase(held(event, buyer, seats), buyer, "k-" + UUID.randomUUID(), "tok_visa"),
				HttpStatus.CREATED)
			.get("orderId");
	}

	private long outboxRows(String type, Object aggregate) {
		return db.sql("select count(*) from outbox where type = :type and aggregate_id = :aggregate")
			.bind("type", type)
			.bind("aggregate", aggregate.toString())
			.map(row -> row.get(0, Long.class))
			.one()
			.block();
	}

	@SuppressWarnings("unchecked")
	private List<String> listedEventIds(String token) {
		var spec = http().get().uri("/api/v1/events");
		if (token != null) {
			spec = spec.headers(h -> h.setBearerAuth(token));
		}
		return spec.exchange()
			.expectStatus()
			.isOk()
			.expectBodyList(Map.class)
			.returnResult()
			.getResponseBody()
			.stream()
			.map(e -> (String) ((Map<String, Object>) e).get("eventId"))
			.toList();
	}

	@Test
	void aDraftIsNeitherListedNorOnSaleUntilPublished() {
		UUID event = event(4, Map.of("draft", true));
		String admin = admin();
		assertThat(read(null, "/api/v1/events/{id}", event)).containsEntry("status", "DRAFT");
		assertThat(listedEventIds(null)).doesNotContain(event.toString());
		assertThat(listedEventIds(admin)).contains(event.toString());
		assertProblem(body(hold(event, buyer(), "S-A-1"), HttpStatus.CONFLICT), HttpStatus.CONFLICT, "not-on-sale");

		assertThat(body(post(admin, "/api/v1/events/{id}/publish", null, event), HttpStatus.OK)).containsEntry("status",
				"PUBLISHED");
		assertThat(listedEventIds(null)).contains(event.toString());
		held(event, buyer(), "S-A-1");
		assertProblem(body(post(admin, "/api/v1/events/{id}/publish", null, event), HttpStatus.CONFLICT),
				HttpStatus.CONFLICT, "event-status");
	}

	@Test
	void anEditChangesWhatMayChangeAndRefusesBadInputWhole() {
		UUID event = event(4);
		String admin = admin();
		Map<String, Object> edited = body(http().patch()
			.uri("/api/v1/events/{id}", event)
			.headers(h -> h.setBearerAuth(admin))
			.bodyValue(Map.of("name", "Test Night (late show)", "maxTicketsPerUser", 2))
			.exchange(), HttpStatus.OK);
		assertThat(edited).containsEntry("name", "Test Night (late show)")
			.containsEntry("maxTicketsPerUser", 2)
			.containsEntry("holdTtlSeconds", 600);
		assertProblem(body(hold(event, buyer(), "S-A-1", "S-A-2", "S-A-3"), HttpStatus.CONFLICT), HttpStatus.CONFLICT,
				"ticket-limit");

		Map<String, Object> problem = body(http().patch()
			.uri("/api/v1/events/{id}", event)
			.headers(h -> h.setBearerAuth(admin))
			.bodyValue(Map.of("name", "  ", "holdTtlSeconds", 0))
			.exchange(), HttpStatus.BAD_REQUEST);
		assertThat(problem.toString()).contains("name", "holdTtlSeconds");
		assertThat(read(null, "/api/v1/events/{id}", event)).containsEntry("name", "Test Night (late show)")
			.containsEntry("holdTtlSeconds", 600);
		http().patch()
			.uri("/api/v1/events/{id}", event)
			.headers(h -> h.setBearerAuth(buyer()))
			.bodyValue(Map.of("name", "Mine now"))
			.exchange()
			.expectStatus()
			.isForbidden();
	}

	@Test
	void aChangeMadeOnAnotherNodeIsReadAgainWithinTheRefreshInterval() {
		UUID event = event(4);
		assertThat(read(null, "/api/v1/events/{id}", event)).containsEntry("name", "Test Night");
		// another node's edit: the row changes, this node's cached copy does not know
		db.sql("update event set name = 'Renamed elsewhere', updated_at = :at where id = :id")
			.bind("at", clock.instant().atOffset(ZoneOffset.UTC))
			.bind("id", event)
			.then()
			.block();
		catalog.forgetChanged().block();
		assertThat(read(null, "/api/v1/events/{id}", event)).containsEntry("name", "Renamed elsewhere");
	}

	@Test
	void postponingMovesTheStartAndTellsEachBuyerOnce() {
		UUID event = event(4);
		String admin = admin();
		String first = buy(event, buyer(), "S-A-1", "S-A-2");
		String second = buy(event, buyer(), "S-B-1");
		Instant later = clock.instant().plus(Duration.ofDays(40)).truncatedTo(ChronoUnit.SECONDS);

		assertThat(body(post(admin, "/api/v1/events/{id}/postpone", Map.of("startsAt", later.toString()), event),
				HttpStatus.OK))
			.containsEntry("startsAt", later.toString());
		assertThat(read(null, "/api/v1/events/{id}", event)).containsEntry("startsAt", later.toString());
		assertThat(outboxRows("EventPostponed", first)).isOne();
		assertThat(outboxRows("EventPostponed", second)).isOne();
		String payload = db.sql("select payload::text from outbox where type = 'EventPostponed' and aggregate_id = :o")
			.bind("o", first)
			.map(row -> row.get(0, String.class))
			.one()
			.block();
		assertThat(payload).contains("\"startsAt\": \"" + later + "\"", "\"seatIds\": [\"S-A-1\", \"S-A-2\"]",
				"previousStartsAt");

		Map<String, Object> problem = body(
				post(admin, "/api/v1/events/{id}/postpone",
						Map.of("startsAt", clock.instant().minus(Duration.ofDays(1)).toString()), event),
				HttpStatus.BAD_REQUEST);
		assertThat(problem.toString()).contains("startsAt", "must be in the future");
		assertThat(read(null, "/api/v1/events/{id}", event)).containsEntry("startsAt", later.toString());
	}

	@Test
	void cancellingAnEventRefundsEveryOrderEvenPurchasesUnderWayAndTellsEveryBuyer() throws Exception {
		int seats = 10;
		UUID event = event(seats);
		String admin = admin();
		// some orders are settled before the cancel; as many purchases race it
		List<String> settled = new ArrayList<>();
		for (int i = 1; i <= 4; i++) {
			settled.add(buy(event, buyer(), "S-A-" + i));
		}
		List<String> racing = new ArrayList<>();
		List<String> racers = new ArrayList<>();
		for (int i = 1; i <= seats; i++) {
			String racer = buyer();
			racers.add(racer);
			racing.add(held(event, racer, "S-B-" + i));
		}
		ExecutorService pool = Executors.newFixedThreadPool(seats + 1);
		CountDownLatch start = new CountDownLatch(1);
		List<Future<Integer>> outcomes = new ArrayList<>();
		try {
			for (int i = 0; i < seats; i++) {
				String hold = racing.get(i);
				String racer = racers.get(i);
				outcomes.add(pool.submit(() -> {
					start.await();
					return purchase(hold, racer, "k-" + UUID.randomUUID(), "tok_visa").returnResult(Void.class)
						.getStatus()
						.value();
				}));
			}
			Future<Integer> cancel = pool.submit(() -> {
				start.await();
				return post(admin, "/api/v1/events/{id}/cancel", null, event).returnResult(Void.class)
					.getStatus()
					.value();
			});
			start.countDown();
			assertThat(cancel.get()).isEqualTo(202);
			for (Future<Integer> outcome : outcomes) {
				assertThat(outcome.get()).isIn(201, 409, 410);
			}
		}
		finally {
			pool.shutdownNow();
		}

		// every order, settled before or racing the cancel, ends cancelled and refunded
		// (an order is marked cancelled, then refunded: wait for both)
		Awaitility.await()
			.atMost(Duration.ofSeconds(30))
			.until(() -> count("select count(*) from orders where event_id = :event and (status = 'CONFIRMED'"
					+ " or refund_status <> 'REFUNDED' or refund_minor <> total_minor)", event) == 0);
		assertThat(count("select count(*) from ticket where event_id = :event and status <> 'CANCELLED'", event))
			.isZero();
		Set<String> paid = Set.copyOf(db.sql("select payment_id from orders where event_id = :event")
			.bind("event", event)
			.map(row -> row.get(0, String.class))
			.all()
			.collectList()
			.block());
		assertThat(gateway.captured()).noneMatch(entry -> paid.contains(entry.paymentId()));
		for (String order : settled) {
			assertThat(db
				.sql("select payload->>'reason' from outbox where type = 'OrderCancelled'" + " and aggregate_id = :o")
				.bind("o", order)
				.map(row -> row.get(0, String.class))
				.all()
				.collectList()
				.block()).containsExactly("event-cancelled");
		}
		assertProblem(body(hold(event, buyer(), "S-A-9"), HttpStatus.CONFLICT), HttpStatus.CONFLICT, "not-on-sale");
		assertProblem(body(post(admin, "/api/v1/events/{id}/cancel", null, event), HttpStatus.CONFLICT),
				HttpStatus.CONFLICT, "event-status");
		assertThat(read(null, "/api/v1/events/{id}", event)).containsEntry("status", "CANCELLED");
	}

	@Test
	void anOrdersTicketsAreSentAgainOnAsk() {
		UUID event = event(4);
		String admin = admin();
		String buyer = buyer();
		String order = buy(event, buyer, "S-A-1");
		assertThat(body(post(admin, "/api/v1/orders/{id}/resend", null, order), HttpStatus.ACCEPTED))
			.containsEntry("queued", true);
		assertThat(outboxRows("TicketsResent", order)).isOne();
		post(buyer, "/api/v1/orders/{id}/resend", null, order).expectStatus().isForbidden();
		post(buyer, "/api/v1/orders/{id}/cancel", null, order).expectStatus().isOk();
		assertProblem(body(post(admin, "/api/v1/orders/{id}/resend", null, order), HttpStatus.CONFLICT),
				HttpStatus.CONFLICT, "order-cancelled");
		assertThat(outboxRows("TicketsResent", order)).isOne();
	}

}
