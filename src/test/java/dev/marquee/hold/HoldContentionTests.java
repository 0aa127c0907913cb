package dev.marquee.hold;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.marquee.catalog.EventId;
import dev.marquee.hold.internal.HoldKeys;
import dev.marquee.support.IntegrationTest;
import dev.marquee.support.TestServices;

import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Many clients, one seat: every race has exactly one winner, sales follow holds one to
 * one, and best-available buyers asking at once get disjoint blocks while seats remain.
 */
class HoldContentionTests extends IntegrationTest {

	static final int BUYERS = 200;

	record Answer(int status, Map<String, Object> body) {
	}

	private Flux<Answer> raceForHolds(UUID event, List<List<String>> requests) {
		List<String> tokens = IntStream.range(0, requests.size()).mapToObj(i -> buyer()).toList();
		return Flux.range(0, requests.size())
			.flatMap(i -> webClient().post()
				.uri("/api/v1/events/{id}/holds", event)
				.headers(h -> h.setBearerAuth(tokens.get(i)))
				.bodyValue(Map.of("seatIds", requests.get(i)))
				.exchangeToMono(response -> response.bodyToMono(JSON)
					.map(body -> new Answer(response.statusCode().value(), body))), requests.size());
	}

	@Test
	void twoHundredBuyersRacingForOneSeatLeaveExactlyOneWinner() {
		UUID event = event(10);
		List<Answer> answers = raceForHolds(event, IntStream.range(0, BUYERS).mapToObj(i -> List.of("S-A-5")).toList())
			.collectList()
			.block();

		assertThat(answers).hasSize(BUYERS);
		assertThat(answers).filteredOn(a -> a.status() == 201).hasSize(1);
		assertThat(answers).filteredOn(a -> a.status() == 409).hasSize(BUYERS - 1).allSatisfy(a -> {
			assertThat(a.body().get("type")).isEqualTo("https://marquee.dev/problems/seat-unavailable");
			assertThat(a.body().get("unavailableSeatIds")).isEqualTo(List.of("S-A-5"));
		});
		assertThat(statuses(event)).isEqualTo("....H...............");
		assertThat(recorded.of(event, SeatsHeld.class)).hasSize(1);
	}

	@Test
	void holdsThatPlaceNothingLeaveNoHoldRefBehind() {
		UUID event = event(10);
		String refs = TestServices.get().keyPrefix + ":holdref:*";
		long before = redis.keys(refs).count().block();
		List<Answer> answers = raceForHolds(event, IntStream.range(0, 20).mapToObj(i -> List.of("S-A-5")).toList())
			.collectList()
			.block();
		assertThat(answers).filteredOn(a -> a.status() == 201).hasSize(1);
		// on this single Redis the script writes a ref only with the hold it places (on a
		// cluster, each attempt writes its ref first and a refused one takes it back)
		assertThat(redis.keys(refs).count().block() - before).isEqualTo(1);
		// the winner's ref names its event for as long as its record lives
		HoldKeys keys = new HoldKeys(TestServices.get().keyPrefix);
		HoldId won = HoldId.of(UUID.fromString(String
			.valueOf(answers.stream().filter(a -> a.status() == 201).findFirst().orElseThrow().body().get("holdId"))));
		assertThat(redis.opsForValue().get(keys.holdRef(won)).block()).isEqualTo(event.toString());
		long refTtl = redis.getExpire(keys.holdRef(won)).block().toSeconds();
		long recordTtl = redis.getExpire(keys.hold(EventId.of(event), won)).block().toSeconds();
		assertThat(refTtl).isPositive().isCloseTo(recordTtl, within(1L));
	}

	@Test
	void overlappingMultiSeatHoldsNeverShareASeatAndAreAllOrNothing() {
		UUID event = event(10);
		Random random = new Random(42);
		List<List<String>> requests = new ArrayList<>();
		for (int i = 0; i < BUYERS; i++) {
			int start = 1 + random.nextInt(8);
			requests.add(List.of("S-A-" + start, "S-A-" + (start + 1), "S-A-" + (start + 2)));
		}
		List<Answer> answers = raceForHolds(event, requests).collectList().block();

		List<Answer> winners = answers.stream().filter(a -> a.status() == 201).toList();
		assertThat(winners).isNotEmpty();
		assertThat(answers).filteredOn(a -> a.status() != 201).allSatisfy(a -> assertThat(a.status()).isEqualTo(409));
		Set<String> taken = new HashSet<>();
		for (Answer winner : winners) {
			@SuppressWarnings("unchecked")
			List<String> seats = (List<String>) winner.body().get("seatIds");
			assertThat(seats).hasSize(3);
			for (String seat : seats) {
				assertThat(taken.add(seat)).as("seat %s held twice", seat).isTrue();
			}
		}
		// all or nothing: exactly the winners' seats are held, nothing of the losers'
		long held = statuses(event).chars().filter(c -> c == 'H').count();
		assertThat(held).isEqualTo(taken.size());
	}

	@Test
	void concurrentPurchasesOfRacedHoldsSellEachSeatExactlyOnce() {
		UUID event = event(10);
		List<List<String>> requests = IntStream.range(0, BUYERS).mapToObj(i -> List.of("S-B-" + (1 + i % 10))).toList();
		List<String> tokens = IntStream.range(0, BUYERS).mapToObj(i -> buyer()).toList();
		List<Map<String, Object>> holds = Flux.range(0, BUYERS)
			.flatMap(i -> webClient().post()
				.uri("/api/v1/events/{id}/holds", event)
				.headers(h -> h.setBearerAuth(tokens.get(i)))
				.bodyValue(Map.of("seatIds", requests.get(i)))
				.exchangeToMono(r -> r.statusCode().value() == 201
						? r.bodyToMono(JSON)
							.map(body -> Map.<String, Object>of("holdId", body.get("holdId"), "token", tokens.get(i)))
						: r.releaseBody().then(Mono.empty())),
					BUYERS)
			.collectList()
			.block();
		assertThat(holds).hasSize(10);

		// every winner fires five purchases at once, each with its own Idempotency-Key
		List<String> answers = Flux.fromIterable(holds)
			.flatMap(hold -> Flux.range(0, 5)
				.flatMap(attempt -> webClient().post()
					.uri("/api/v1/holds/{id}/purchase", hold.get("holdId"))
					.headers(h -> {
						h.setBearerAuth((String) hold.get("token"));
						h.set("Idempotency-Key", UUID.randomUUID().toString());
					})
					.bodyValue(Map.of("paymentToken", "tok_visa"))
					.exchangeToMono(r -> r.bodyToMono(String.class)
						.defaultIfEmpty("")
						.map(body -> r.statusCode().value() + " " + body))))
			.collectList()
			.block();

		List<Integer> statuses = answers.stream().map(a -> Integer.valueOf(a.substring(0, 3))).toList();
		assertThat(statuses).as("%s", answers).filteredOn(s -> s == 201).hasSize(10);
		assertThat(statuses).as("%s", answers).filteredOn(s -> s != 201).allSatisfy(s -> assertThat(s).isEqualTo(409));
		assertThat(tickets(event)).isEqualTo(10);
		assertThat(orders(event)).isEqualTo(10);
		assertThat(count("select count(distinct seat_id) from ticket where event_id = :event", event)).isEqualTo(10);
		assertThat(statuses(event)).isEqualTo("..........XXXXXXXXXX");
	}

	private WebTestClient.ResponseSpec bestAvailable(UUID event, String token, Map<String, Object> body) {
		return http().post()
			.uri("/api/v1/events/{id}/holds/best-available", event)
			.headers(h -> h.setBearerAuth(token))
			.bodyValue(body)
			.exchange();
	}

	@Test
	void manyBestAvailableBuyersAtOnceGetDisjointBlocks() {
		UUID event = event(10);
		List<List<String>> blocks = new CopyOnWriteArrayList<>();
		List<Integer> refused = new CopyOnWriteArrayList<>();
		Flux.range(0, 12).parallel(12).runOn(Schedulers.boundedElastic()).doOnNext(i -> {
			var result = bestAvailable(event, buyer(), Map.of("quantity", 2)).expectBody(JSON).returnResult();
			if (result.getStatus().value() == 201) {
				@SuppressWarnings("unchecked")
				List<String> seats = (List<String>) result.getResponseBody().get("seatIds");
				blocks.add(seats);
			}
			else {
				refused.add(result.getStatus().value());
			}
		}).sequential().blockLast();
		Set<String> all = new HashSet<>();
		blocks.forEach(all::addAll);
		assertThat(all).hasSize(blocks.size() * 2);
		assertThat(blocks).allSatisfy(block -> {
			String[] a = block.get(0).split("-");
			String[] b = block.get(1).split("-");
			assertThat(a[1]).isEqualTo(b[1]);
			assertThat(Integer.parseInt(b[2]) - Integer.parseInt(a[2])).isEqualTo(1);
		});
		// 20 seats: at least eight pairs fit, and the rest are told so, never a double
		// sale
		assertThat(blocks.size()).isGreaterThanOrEqualTo(8);
		assertThat(refused).allMatch(status -> status == 409);
		assertThat(statuses(event).chars().filter(c -> c == 'H').count()).isEqualTo(blocks.size() * 2L);
	}

	@Test
	void aBestAvailableCrowdIsSeatedWhileSeatsRemainAndOnlyThenToldSoldOut() {
		UUID event = event(100);
		int crowd = 200;
		// all at once, for real: 204 requests in flight together, each its own buyer
		List<Map<String, Object>> answers = Flux.range(0, crowd + 4)
			.flatMap(i -> webClient().post()
				.uri("/api/v1/events/{id}/holds/best-available", event)
				.headers(h -> h.setBearerAuth(buyer()))
				.bodyValue(Map.of("quantity", 1))
				.exchangeToMono(response -> response.bodyToMono(JSON)
					.map(body -> Map.<String, Object>of("status", response.statusCode().value(), "body", body))),
					crowd + 4)
			.collectList()
			.block(Duration.ofSeconds(60));
		@SuppressWarnings("unchecked")
		List<String> seats = answers.stream()
			.filter(a -> a.get("status").equals(201))
			.flatMap(a -> ((List<String>) ((Map<String, Object>) a.get("body")).get("seatIds")).stream())
			.toList();
		// every seat went to someone, nobody got one twice, and only the four too many
		// were refused
		assertThat(seats).hasSize(crowd).doesNotHaveDuplicates();
		assertThat(answers.stream().filter(a -> !a.get("status").equals(201)).map(a -> a.get("status"))).hasSize(4)
			.containsOnly(409);
		assertThat(statuses(event)).doesNotContain(".");
	}

}
