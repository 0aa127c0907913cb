package dev.marquee.waitlist;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import dev.marquee.hold.internal.HoldExpiry;
import dev.marquee.support.IntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The seat-aware waitlist: when seats of a sold-out section come free, the next waiter
 * they fit gets them held for the offer window, hears of it live, and a lapsed offer
 * moves on.
 */
class WaitlistTests extends IntegrationTest {

	@Autowired
	HoldExpiry expiry;

	@Autowired
	WaitlistProperties properties;

	@Autowired
	JsonMapper json;

	private WebTestClient.ResponseSpec joining(UUID event, String token, Map<String, Object> body) {
		return http().post()
			.uri("/api/v1/events/{id}/waitlist", event)
			.headers(h -> h.setBearerAuth(token))
			.bodyValue(body)
			.exchange();
	}

	private String join(UUID event, String token, int quantity, boolean adjacent) {
		return (String) joining(event, token, Map.of("sectionCode", "S", "quantity", quantity, "adjacent", adjacent))
			.expectStatus()
			.isCreated()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody()
			.get("entryId");
	}

	private Map<String, Object> entry(UUID event, String token, String entryId) {
		return read(token, "/api/v1/events/{id}/waitlist/{entry}", event, entryId);
	}

	private Map<String, Object> awaitStatus(UUID event, String token, String entryId, String status) {
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> status.equals(entry(event, token, entryId).get("status")));
		return entry(event, token, entryId);
	}

	private void release(String holdId, String token) {
		http().delete()
			.uri("/api/v1/holds/{id}", holdId)
			.headers(h -> h.setBearerAuth(token))
			.exchange()
			.expectStatus()
			.isNoContent();
	}

	@Test
	void whenSeatsOfASoldOutSectionComeFreeTheWaiterGetsThemHeldAndHearsOfItLive() {
		UUID event = event(2);
		String holder = buyer();
		String front = held(event, holder, "S-A-1", "S-A-2");
		held(event, buyer(), "S-B-1", "S-B-2");
		String waiter = buyer();
		Map<String, Object> joined = joining(event, waiter, Map.of("sectionCode", "S", "quantity", 2)).expectStatus()
			.isCreated()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		assertThat(joined).containsEntry("status", "WAITING")
			.containsEntry("position", 1)
			.containsEntry("adjacent", true);
		String entryId = (String) joined.get("entryId");
		// joining again answers the same entry
		assertThat(joining(event, waiter, Map.of("sectionCode", "S", "quantity", 1)).expectStatus()
			.isOk()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody()).containsEntry("entryId", entryId);

		List<Map<String, Object>> heard = new CopyOnWriteArrayList<>();
		Disposable socket = new ReactorNettyWebSocketClient()
			.execute(URI.create("ws://localhost:" + port + "/ws/events/" + event + "/waitlist/" + entryId),
					session -> session.receive()
						.doOnNext(m -> heard.add(json.readValue(m.getPayloadAsText(), Map.class)))
						.then())
			.subscribe();
		try {
			Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> heard.size() == 1);
			assertThat(heard.get(0)).containsEntry("type", "waiting").containsEntry("position", 1);

			release(front, holder);
			Map<String, Object> offered = awaitStatus(event, waiter, entryId, "OFFERED");
			Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> heard.size() == 2);
			assertThat(heard.get(1)).containsEntry("type", "offer")
				.containsEntry("holdId", offered.get("holdId"))
				.containsEntry("seatIds", List.of("S-A-1", "S-A-2"));
			// the offer is an ordinary hold of the waiter's, for the offer window
			Map<String, Object> hold = http().get()
				.uri("/api/v1/holds/{id}", offered.get("holdId"))
				.headers(h -> h.setBearerAuth(waiter))
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(JSON)
				.returnResult()
				.getResponseBody();
			assertThat(hold).containsEntry("status", "ACTIVE");
			assertThat(Instant.parse((String) hold.get("expiresAt")))
				.isCloseTo(clock.instant().plus(properties.offerWindow()), within(5, ChronoUnit.SECONDS));
			purchase((String) offered.get("holdId"), waiter, "wl-1", "tok_visa").expectStatus().isCreated();
			awaitStatus(event, waiter, entryId, "PURCHASED");
		}
		finally {
			socket.dispose();
		}
	}

	@Test
	void aLapsedOfferMovesOnToTheNextWaiter() {
		UUID event = event(1);
		String holder = buyer();
		String seat = held(event, holder, "S-A-1");
		held(event, buyer(), "S-B-1");
		String first = buyer();
		String second = buyer();
		String firstEntry = join(event, first, 1, true);
		String secondEntry = join(event, second, 1, true);
		release(seat, holder);
		awaitStatus(event, first, firstEntry, "OFFERED");
		assertThat(entry(event, second, secondEntry)).containsEntry("status", "WAITING").containsEntry("position", 1);

		clock.advance(properties.offerWindow().plusSeconds(1));
		expiry.sweep().block();
		awaitStatus(event, first, firstEntry, "LAPSED");
		Map<String, Object> next = awaitStatus(event, second, secondEntry, "OFFERED");
		assertThat(next.get("holdId")).isNotNull();
		assertThat(statuses(event)).isEqualTo("HH");
	}

	@Test
	void aCancelledOrderOffersItsSeatsToTheWaitlist() {
		UUID event = event(1);
		String buyer = buyer();
		String order = (String) purchase(held(event, buyer, "S-A-1", "S-B-1"), buyer, "c-1", "tok_visa").expectStatus()
			.isCreated()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody()
			.get("orderId");
		String waiter = buyer();
		String entryId = join(event, waiter, 2, false);
		http().post()
			.uri("/api/v1/orders/{id}/cancel", order)
			.headers(h -> h.setBearerAuth(buyer))
			.exchange()
			.expectStatus()
			.isOk();
		assertThat(awaitStatus(event, waiter, entryId, "OFFERED").get("holdId")).isNotNull();
		assertThat(statuses(event)).isEqualTo("HH");
	}

	@Test
	void seatsComingFreeAtOnceGoToDifferentWaitersOnceEach() {
		UUID event = event(3);
		List<String> holders = new CopyOnWriteArrayList<>();
		List<String> heldIds = new CopyOnWriteArrayList<>();
		for (String seat : List.of("S-A-1", "S-A-2", "S-A-3", "S-B-1", "S-B-2", "S-B-3")) {
			String holder = buyer();
			holders.add(holder);
			heldIds.add(held(event, holder, seat));
		}
		List<String> waiters = List.of(buyer(), buyer(), buyer(), buyer(), buyer());
		List<String> entries = waiters.stream().map(w -> join(event, w, 1, true)).toList();
		Flux.range(0, 3)
			.parallel(3)
			.runOn(Schedulers.boundedElastic())
			.doOnNext(i -> release(heldIds.get(i), holders.get(i)))
			.sequential()
			.blockLast();
		Awaitility.await()
			.atMost(Duration.ofSeconds(15))
			.until(() -> IntStream.range(0, 5)
				.filter(i -> "OFFERED".equals(entry(event, waiters.get(i), entries.get(i)).get("status")))
				.count() == 3);
		Set<Object> holdIds = new HashSet<>();
		for (int i = 0; i < 3; i++) {
			// the first three in line, one offer each
			assertThat(entry(event, waiters.get(i), entries.get(i))).containsEntry("status", "OFFERED");
			holdIds.add(entry(event, waiters.get(i), entries.get(i)).get("holdId"));
		}
		assertThat(holdIds).hasSize(3);
		assertThat(entry(event, waiters.get(3), entries.get(3))).containsEntry("status", "WAITING")
			.containsEntry("position", 1);
		assertThat(statuses(event)).isEqualTo("HHHHHH");
	}

	@Test
	void aLeaveRacingTheMatcherNeverLeavesAnOfferWithSomeoneWhoLeft() {
		int n = 8;
		for (int round = 0; round < 4; round++) {
			UUID event = event(n);
			List<String> holders = new CopyOnWriteArrayList<>();
			List<String> heldIds = new CopyOnWriteArrayList<>();
			for (int i = 1; i <= n; i++) {
				for (String row : List.of("A", "B")) {
					String holder = buyer();
					String holdId = held(event, holder, "S-" + row + "-" + i);
					if (row.equals("A")) {
						holders.add(holder);
						heldIds.add(holdId);
					}
				}
			}
			List<String> waiterIds = IntStream.range(0, n).mapToObj(i -> "waiter-" + UUID.randomUUID()).toList();
			List<String> waiters = waiterIds.stream().map(IntegrationTest::token).toList();
			List<String> entries = waiters.stream().map(w -> join(event, w, 1, true)).toList();
			// seats come free while every waiter leaves: some leaves land while an offer
			// is being made
			Flux.range(0, 2 * n).parallel(2 * n).runOn(Schedulers.boundedElastic()).doOnNext(i -> {
				if (i % 2 == 0) {
					release(heldIds.get(i / 2), holders.get(i / 2));
				}
				else {
					http().delete()
						.uri("/api/v1/events/{id}/waitlist/{entry}", event, entries.get(i / 2))
						.headers(h -> h.setBearerAuth(waiters.get(i / 2)))
						.exchange()
						.expectStatus()
						.isOk();
				}
			}).sequential().blockLast();
			String userHeld = properties.keyPrefix() + ":{" + event + "}:userheld";
			Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				long offered = 0;
				for (int i = 0; i < n; i++) {
					Map<String, Object> entry = entry(event, waiters.get(i), entries.get(i));
					assertThat(entry.get("status")).isIn("LEFT", "OFFERED");
					Object seats = redis.opsForHash().get(userHeld, waiterIds.get(i)).block();
					long holding = seats == null ? 0 : Long.parseLong(seats.toString());
					if (entry.get("status").equals("LEFT")) {
						// nobody who left holds seats: an offer made as they left went
						// back
						assertThat(holding).as("seats held by %s, who left", waiterIds.get(i)).isZero();
					}
					else {
						assertThat(holding).isEqualTo(1);
						offered++;
					}
				}
				// n of the 2n seats stay held by their holders, the others are free or
				// offered
				assertThat(statuses(event).chars().filter(c -> c == 'H').count()).isEqualTo(n + offered);
			});
		}
	}

}
