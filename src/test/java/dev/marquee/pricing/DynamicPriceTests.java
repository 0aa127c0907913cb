package dev.marquee.pricing;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.marquee.sale.SimulatedPaymentGateway;
import dev.marquee.support.IntegrationTest;
import dev.marquee.support.TestServices;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Dynamic prices against real PostgreSQL and Redis, on the tests' clock: a time window
 * prices holds inside it, a demand step once the share sold reaches it; the price is
 * locked into the hold, charged as held, carried by the tickets and audited, whatever
 * happens to the rule afterwards.
 */
class DynamicPriceTests extends IntegrationTest {

	@Autowired
	SimulatedPaymentGateway gateway;

	@Test
	void anEarlyBirdPriceHoldsUntilItsWindowEndsThenTheBasePrice() {
		clock.freeze();
		UUID event = event(4);
		Instant end = clock.instant().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS);
		Map<String, Object> rule = createRule(event,
				window("Early bird", clock.instant().minus(Duration.ofHours(2)), end, 3000, 0));
		assertThat(rule.get("version")).isEqualTo(1);

		Map<String, Object> prices = read(null, "/api/v1/events/{id}/prices", event);
		Map<String, Object> std = tier(prices, "std");
		assertThat(std.get("price")).isEqualTo(euros(3000));
		assertThat(std.get("basePrice")).isEqualTo(euros(5000));
		assertThat(std.get("validUntil")).isEqualTo(end.toString());
		assertThat(((Map<?, ?>) std.get("rule")).get("label")).isEqualTo("Early bird");

		String buyer = buyer();
		Map<String, Object> early = holdBody(event, buyer, "S-A-1", "S-A-2");
		assertThat(early.get("total")).isEqualTo(euros(6000));
		assertThat((List<?>) early.get("prices")).hasSize(2).allSatisfy(p -> {
			assertThat(((Map<?, ?>) p).get("price")).isEqualTo(euros(3000));
			assertThat(((Map<?, ?>) p).get("ruleId")).isEqualTo(rule.get("ruleId"));
		});
		// the hold as read back from Redis says the same
		assertThat(holdView((String) early.get("holdId"), buyer).get("prices")).isEqualTo(early.get("prices"));

		clock.advance(Duration.ofDays(1));
		Map<String, Object> late = holdBody(event, buyer(), "S-B-1");
		assertThat(late.get("total")).isEqualTo(euros(5000));
		assertThat(((Map<?, ?>) ((List<?>) late.get("prices")).get(0)).get("ruleId")).isNull();
		Map<String, Object> after = tier(read(null, "/api/v1/events/{id}/prices", event), "std");
		assertThat(after.get("price")).isEqualTo(euros(5000));
		assertThat(after.get("rule")).isNull();
	}

	@Test
	void aDemandStepPricesHoldsOnceTheShareSoldReachesIt() {
		UUID event = event(2);
		createRule(event, step("Last seats", "0.5", 8000, 0));

		assertThat(buy(event, "S-A-1").chargedMinor()).isEqualTo(5000);
		assertThat(buy(event, "S-A-2").chargedMinor()).isEqualTo(5000);
		// 2 of 4 sold: the step applies
		assertThat(tier(read(null, "/api/v1/events/{id}/prices", event), "std").get("price")).isEqualTo(euros(8000));
		Bought third = buy(event, "S-B-1");
		assertThat(third.chargedMinor()).isEqualTo(8000);
		assertThat(ticketPrice(event, "S-B-1")).isEqualTo(8000);
		assertThat(ticketPrice(event, "S-A-1")).isEqualTo(5000);
	}

	@Test
	void aRuleChangedMidSaleKeepsTheHeldPriceAndThePurchaseChargesIt() {
		UUID event = event(4);
		Map<String, Object> rule = createRule(event, window("Early bird", clock.instant().minus(Duration.ofHours(1)),
				clock.instant().plus(Duration.ofDays(1)), 3000, 0));
		String ruleId = (String) rule.get("ruleId");
		String buyer = buyer();
		String held = (String) holdBody(event, buyer, "S-A-1", "S-A-2").get("holdId");

		Map<String, Object> replaced = http().put()
			.uri("/api/v1/events/{id}/price-rules/{rule}", event, ruleId)
			.headers(h -> h.setBearerAuth(admin()))
			.bodyValue(window("Early bird", clock.instant().minus(Duration.ofHours(1)),
					clock.instant().plus(Duration.ofDays(1)), 4500, 0))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		assertThat(replaced.get("version")).isEqualTo(2);
		assertThat(holdBody(event, buyer(), "S-A-3").get("total")).isEqualTo(euros(4500));
		http().delete()
			.uri("/api/v1/events/{id}/price-rules/{rule}", event, ruleId)
			.headers(h -> h.setBearerAuth(admin()))
			.exchange()
			.expectStatus()
			.isNoContent();
		assertThat(holdBody(event, buyer(), "S-A-4").get("total")).isEqualTo(euros(5000));

		// the first hold still reads, and is bought, at the price it was placed at
		assertThat(holdView(held, buyer).get("total")).isEqualTo(euros(6000));
		String key = "k-" + UUID.randomUUID();
		Map<String, Object> order = purchase(held, buyer, key, "tok_visa").expectStatus()
			.isCreated()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		assertThat(order.get("total")).isEqualTo(euros(6000));
		assertThat((List<?>) order.get("tickets"))
			.allSatisfy(t -> assertThat(((Map<?, ?>) t).get("price")).isEqualTo(euros(3000)));
		assertThat(charged(key)).isEqualTo(6000);
		assertThat(ticketPrice(event, "S-A-1")).isEqualTo(3000);

		List<Map<String, Object>> audit = audit(event);
		assertThat(audit).hasSize(2).allSatisfy(line -> {
			assertThat(line.get("orderId")).isEqualTo(order.get("orderId"));
			assertThat(line.get("price")).isEqualTo(euros(3000));
			assertThat(line.get("basePrice")).isEqualTo(euros(5000));
			assertThat(line.get("ruleId")).isEqualTo(ruleId);
			assertThat(line.get("ruleVersion")).isEqualTo(1);
			assertThat(line.get("ruleKind")).isEqualTo("TIME_WINDOW");
			assertThat(line.get("ruleLabel")).isEqualTo("Early bird");
			assertThat(line.get("tier")).isEqualTo("std");
		});
	}

	@Test
	void aHoldWrittenBeforePricesWereLockedPerSeatIsBoughtAtItsTotal() {
		UUID event = event(4);
		String buyer = buyer();
		String held = held(event, buyer, "S-A-1", "S-A-2");
		// as hold.lua wrote it before the upgrade: no per-seat prices
		redis.<String, String>opsForHash()
			.remove(TestServices.get().keyPrefix + ":{" + event + "}:hold:" + held, "prices")
			.block();
		assertThat(holdView(held, buyer)).doesNotContainKey("prices");

		String key = "k-" + UUID.randomUUID();
		purchase(held, buyer, key, "tok_visa").expectStatus().isCreated();
		assertThat(charged(key)).isEqualTo(10000);
		assertThat(ticketPrice(event, "S-A-1")).isEqualTo(5000);
		assertThat(ticketPrice(event, "S-A-2")).isEqualTo(5000);
		assertThat(audit(event)).hasSize(2).allSatisfy(line -> assertThat(line.get("ruleId")).isNull());
	}

	@Test
	void holdsRacingAcrossADemandStepEachPayThePriceTheyWereHeldAt() {
		UUID event = event(10);
		createRule(event, step(null, "0.25", 9000, 0));
		List<String> seats = new ArrayList<>();
		for (String row : List.of("A", "B")) {
			for (int n = 1; n <= 10; n++) {
				seats.add("S-" + row + "-" + n);
			}
		}

		List<Bought> bought = Flux.fromIterable(seats)
			.flatMap(seat -> Mono.fromCallable(() -> buy(event, seat)).subscribeOn(Schedulers.boundedElastic()), 6)
			.collectList()
			.block();

		assertThat(bought).hasSize(20).allSatisfy(b -> {
			assertThat(b.chargedMinor()).isEqualTo(b.heldMinor()).isIn(5000L, 9000L);
			assertThat(ticketPrice(event, b.seat())).isEqualTo(b.heldMinor());
		});
		// the first five sold were all held while fewer than 5 of 20 were sold
		List<Long> bySale = db
			.sql("select t.price_minor from ticket t join orders o on o.id = t.order_id"
					+ " where t.event_id = :event order by o.created_at, o.id")
			.bind("event", event)
			.map(row -> row.get(0, Long.class))
			.all()
			.collectList()
			.block();
		assertThat(bySale.subList(0, 5)).containsOnly(5000L);
		List<Map<String, Object>> audit = audit(event);
		assertThat(audit).hasSize(20);
		Map<String, Long> held = new HashMap<>();
		bought.forEach(b -> held.put(b.seat(), b.heldMinor()));
		assertThat(audit).allSatisfy(line -> {
			long amount = ((Number) ((Map<?, ?>) line.get("price")).get("amountMinor")).longValue();
			assertThat(amount).isEqualTo(held.get((String) line.get("seatId")));
			assertThat(line.get("ruleKind")).isEqualTo(amount == 9000 ? "DEMAND_STEP" : null);
		});
	}

	@Test
	void badRulesAreRefusedWithEveryViolation() {
		UUID event = event(2);
		Map<String, Object> bad = new HashMap<>();
		bad.put("tier", "vip");
		bad.put("kind", "TIME_WINDOW");
		bad.put("from", clock.instant().plus(Duration.ofDays(2)).toString());
		bad.put("until", clock.instant().plus(Duration.ofDays(1)).toString());
		bad.put("minShare", 0.5);
		bad.put("priceMinor", -1);
		Map<String, Object> problem = postRule(event, admin(), bad).expectStatus()
			.isBadRequest()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		assertProblem(problem, HttpStatus.BAD_REQUEST, "validation");
		assertThat(fields(problem)).containsExactly("tier", "until", "minShare", "priceMinor");

		Map<String, Object> share = postRule(event, admin(), step(null, "1.5", 100, 0)).expectStatus()
			.isBadRequest()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		assertThat(fields(share)).containsExactly("minShare");
		assertThat(fields(postRule(event, admin(), Map.of("tier", "std", "kind", "SOMETIMES")).expectStatus()
			.isBadRequest()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody())).containsExactly("kind", "priceMinor");

		// two windows of a tier that overlap at one priority: which would win?
		Instant now = clock.instant();
		createRule(event, window(null, now, now.plus(Duration.ofDays(2)), 3000, 0));
		Map<String, Object> tie = postRule(event, admin(),
				window(null, now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(3)), 3500, 0))
			.expectStatus()
			.isBadRequest()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		assertThat(fields(tie)).containsExactly("priority");
		// at another priority the higher one wins
		createRule(event, window(null, now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(3)), 3500, 1));
		// demand steps of one priority rank by threshold, unless two share one
		createRule(event, step(null, "0.5", 7000, 2));
		createRule(event, step(null, "0.75", 9000, 2));
		assertThat(fields(postRule(event, admin(), step(null, "0.5", 7500, 2)).expectStatus()
			.isBadRequest()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody())).containsExactly("priority");
		// a demand step and a window at one priority: refused too
		assertThat(fields(postRule(event, admin(), step(null, "0.6", 7500, 0)).expectStatus()
			.isBadRequest()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody())).containsExactly("priority");
		assertThat(http().get()
			.uri("/api/v1/events/{id}/price-rules", event)
			.headers(h -> h.setBearerAuth(admin()))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBodyList(Map.class)
			.returnResult()
			.getResponseBody()).hasSize(4);

		postRule(event, buyer(), step(null, "0.5", 100, 5)).expectStatus().isForbidden();
		http().delete()
			.uri("/api/v1/events/{id}/price-rules/{rule}", event, "not-a-rule")
			.headers(h -> h.setBearerAuth(admin()))
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectBody(JSON)
			.value(body -> assertProblem(body, HttpStatus.NOT_FOUND, "price-rule-not-found"));
		http().put()
			.uri("/api/v1/events/{id}/price-rules/{rule}", event, UUID.randomUUID())
			.headers(h -> h.setBearerAuth(admin()))
			.bodyValue(step(null, "0.5", 100, 5))
			.exchange()
			.expectStatus()
			.isNotFound();
	}

	private record Bought(String seat, long heldMinor, long chargedMinor) {
	}

	/** Holds and buys one seat with a new buyer. */
	private Bought buy(UUID event, String seat) {
		String buyer = buyer();
		Map<String, Object> hold = holdBody(event, buyer, seat);
		long held = ((Number) ((Map<?, ?>) hold.get("total")).get("amountMinor")).longValue();
		String key = "k-" + UUID.randomUUID();
		purchase((String) hold.get("holdId"), buyer, key, "tok_visa").expectStatus().isCreated();
		return new Bought(seat, held, charged(key));
	}

	private long charged(String key) {
		return gateway.ledger()
			.stream()
			.filter(e -> e.idempotencyKey().startsWith(key + ":") && e.approved())
			.findFirst()
			.orElseThrow()
			.amount()
			.amountMinor();
	}

	private long ticketPrice(UUID event, String seat) {
		return db.sql("select price_minor from ticket where event_id = :event and seat_id = :seat")
			.bind("event", event)
			.bind("seat", seat)
			.map(row -> row.get(0, Long.class))
			.one()
			.block();
	}

	private Map<String, Object> holdBody(UUID event, String buyer, String... seats) {
		return hold(event, buyer, seats).expectStatus().isCreated().expectBody(JSON).returnResult().getResponseBody();
	}

	@SuppressWarnings("unchecked")
	private List<Map<String, Object>> audit(UUID event) {
		return (List<Map<String, Object>>) (List<?>) http().get()
			.uri("/api/v1/events/{id}/price-audit", event)
			.headers(h -> h.setBearerAuth(admin()))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBodyList(Map.class)
			.returnResult()
			.getResponseBody();
	}

	@Test
	@SuppressWarnings("unchecked")
	void bestAvailableAndTheSeatsMapGoByThePriceOfThisMoment() {
		clock.freeze();
		UUID event = event(2);
		// 5000 at base: over the buyer's 4000, until an early bird lowers it to 3000
		http().post()
			.uri("/api/v1/events/{id}/holds/best-available", event)
			.headers(h -> h.setBearerAuth(buyer()))
			.bodyValue(Map.of("quantity", 1, "maxPriceMinor", 4000))
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.CONFLICT);
		createRule(event, window("Early bird", clock.instant().minus(Duration.ofHours(1)),
				clock.instant().plus(Duration.ofDays(1)), 3000, 0));
		Map<String, Object> hold = http().post()
			.uri("/api/v1/events/{id}/holds/best-available", event)
			.headers(h -> h.setBearerAuth(buyer()))
			.bodyValue(Map.of("quantity", 1, "maxPriceMinor", 4000))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		assertThat(hold.get("total")).isEqualTo(euros(3000));
		// /seats shows each seat at what a hold would charge now
		Map<String, Object> seats = read(null, "/api/v1/events/{id}/seats", event);
		Map<String, Object> section = ((List<Map<String, Object>>) seats.get("sections")).get(0);
		assertThat(section.get("price")).isEqualTo(euros(3000));
		List<Map<String, Object>> row = (List<Map<String, Object>>) ((List<Map<String, Object>>) section.get("rows"))
			.get(0)
			.get("seats");
		assertThat(row).allSatisfy(seat -> assertThat(seat.get("price")).isEqualTo(euros(3000)));
	}

	private Map<String, Object> createRule(UUID event, Map<String, Object> rule) {
		return postRule(event, admin(), rule).expectStatus()
			.isCreated()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
	}

	private WebTestClient.ResponseSpec postRule(UUID event, String token, Map<String, Object> rule) {
		return http().post()
			.uri("/api/v1/events/{id}/price-rules", event)
			.headers(h -> h.setBearerAuth(token))
			.bodyValue(rule)
			.exchange();
	}

	private static Map<String, Object> window(String label, Instant from, Instant until, long price, int priority) {
		Map<String, Object> rule = new HashMap<>(Map.of("tier", "std", "kind", "TIME_WINDOW", "from", from.toString(),
				"until", until.toString(), "priceMinor", price, "priority", priority));
		if (label != null) {
			rule.put("label", label);
		}
		return rule;
	}

	private static Map<String, Object> step(String label, String share, long price, int priority) {
		Map<String, Object> rule = new HashMap<>(Map.of("tier", "std", "kind", "DEMAND_STEP", "minShare",
				new BigDecimal(share), "priceMinor", price, "priority", priority));
		if (label != null) {
			rule.put("label", label);
		}
		return rule;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> tier(Map<String, Object> prices, String tier) {
		return ((List<Map<String, Object>>) prices.get("tiers")).stream()
			.filter(t -> tier.equals(t.get("tier")))
			.findFirst()
			.orElseThrow();
	}

	private static Map<String, Object> euros(long minor) {
		return Map.of("amountMinor", (int) minor, "currency", "EUR");
	}

	@SuppressWarnings("unchecked")
	private static List<String> fields(Map<String, Object> problem) {
		return ((List<Map<String, Object>>) problem.get("violations")).stream()
			.map(v -> (String) v.get("field"))
			.toList();
	}

}
