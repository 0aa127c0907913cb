package dev.marquee.sale;

import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.marquee.catalog.EventId;
import dev.marquee.hold.Hold;
import dev.marquee.hold.HoldId;
import dev.marquee.hold.SeatReconciliation;
import dev.marquee.hold.SeatSales;
import dev.marquee.support.IntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis's sold seats converge to PostgreSQL's live tickets, seat by seat: a seat stuck
 * SOLD in Redis goes back on sale, a lost one comes back, and a sale whose order is still
 * being stored is left alone.
 */
class SoldSeatsReconcilerTests extends IntegrationTest {

	@Autowired
	SoldSeatsReconciler reconciler;

	@Autowired
	AttemptRepository attempts;

	@Autowired
	SeatSales sales;

	@Autowired
	SeatReconciliation seats;

	/**
	 * The event's set of sold seats (named after its seq key: the set itself is gone
	 * while empty).
	 */
	private String soldKey(UUID event) {
		String seq = seqKey(event);
		return seq.substring(0, seq.length() - "seq".length()) + "sold";
	}

	private String seqKey(UUID event) {
		return redisKeys(event).stream().filter(k -> k.endsWith("}:seq")).findFirst().orElseThrow();
	}

	private String orderOf(UUID event, String buyer, String... seats) {
		return (String) purchase(held(event, buyer, seats), buyer, "k-" + UUID.randomUUID(), "tok_visa").expectStatus()
			.isCreated()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody()
			.get("orderId");
	}

	@Test
	void aRepeatedCancelFinishesSeatsTheFirstCancelCouldNotFreeInRedis() {
		UUID event = event(4);
		String buyer = buyer();
		String order = orderOf(event, buyer, "S-A-1", "S-A-2");
		http().post()
			.uri("/api/v1/orders/{id}/cancel", order)
			.headers(h -> h.setBearerAuth(buyer))
			.exchange()
			.expectStatus()
			.isOk();
		// as if the first cancel had lost Redis right after PostgreSQL committed
		redis.opsForSet().add(soldKey(event), "S-A-1", "S-A-2").block();
		assertThat(statuses(event)).isEqualTo("XX......");

		http().post()
			.uri("/api/v1/orders/{id}/cancel", order)
			.headers(h -> h.setBearerAuth(buyer))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();

		assertThat(statuses(event)).isEqualTo("........");
		held(event, buyer(), "S-A-1", "S-A-2");
	}

	@Test
	void aStuckSeatIsFreedAndALostOneRebuiltEvenWhenTheirCountsCancelOut() {
		UUID event = event(4);
		String buyer = buyer();
		orderOf(event, buyer, "S-A-1");
		// Redis lost S-A-1 (sold in PostgreSQL) and holds S-A-2 as sold (no ticket): one
		// sold seat each
		redis.opsForSet().remove(soldKey(event), "S-A-1").block();
		redis.opsForSet().add(soldKey(event), "S-A-2").block();
		assertThat(statuses(event)).isEqualTo(".X......");

		reconciler.reconcile().block();
		// the lost seat comes back at once; the stuck one must be found stuck twice
		assertThat(statuses(event)).isEqualTo("XX......");
		reconciler.reconcile().block();

		assertThat(statuses(event)).isEqualTo("X.......");
		held(event, buyer(), "S-A-2");
	}

	@Test
	void aSaleThatLandsBetweenAPassReadingRedisAndPostgresIsNotTakenForALostSeat() {
		UUID event = event(4);
		EventId id = EventId.of(event);
		orderOf(event, buyer(), "S-A-1");
		// the pass reads Redis...
		Set<String> inRedis = seats.soldSeats(id).block();
		// ...then, before it reads PostgreSQL, a whole sale lands in both
		orderOf(event, buyer(), "S-A-3");
		String seq = seqKey(event);
		String before = redis.opsForValue().get(seq).block();

		reconciler.compare(id, inRedis).block();

		// no rebuild: the seq did not move on, so no watcher of the map is sent back for
		// a
		// snapshot
		assertThat(redis.opsForValue().get(seq).block()).isEqualTo(before);
		assertThat(statuses(event)).isEqualTo("X.X.....");
	}

	@Test
	void aSaleWhoseOrderIsStillBeingStoredIsLeftAlone() {
		UUID event = event(4);
		String token = buyer();
		String holdId = held(event, token, "S-B-1");
		String user = holdOwner(holdId, event);
		// the purchase began, claimed, charged and sold in Redis; its order is not stored
		// yet
		attempts
			.begin(user, "in-flight-" + UUID.randomUUID(), holdId + "|tok_visa", UUID.fromString(holdId),
					clock.instant())
			.block();
		Hold claimed = sales.claim(HoldId.parse(holdId), user).block();
		assertThat(sales.sell(claimed, UUID.randomUUID()).block().sold()).isTrue();
		assertThat(statuses(event)).isEqualTo("....X...");

		reconciler.reconcile().block();
		reconciler.reconcile().block();

		assertThat(statuses(event)).isEqualTo("....X...");
	}

	private String holdOwner(String holdId, UUID event) {
		Map<String, Object> hold = redis.<String, String>opsForHash()
			.entries(redisKeys(event).stream().filter(k -> k.endsWith(":hold:" + holdId)).findFirst().orElseThrow())
			.collectMap(Map.Entry::getKey, e -> (Object) e.getValue())
			.block();
		return (String) hold.get("userId");
	}

}
