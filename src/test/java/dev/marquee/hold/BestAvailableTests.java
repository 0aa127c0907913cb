package dev.marquee.hold;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import dev.marquee.support.IntegrationTest;

import org.springframework.http.HttpStatus;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Best available: the best block of adjacent seats in one atomic hold, front and centre, never
 * stranding a single seat when another block avoids it, within a section or a price.
 */
class BestAvailableTests extends IntegrationTest {

	private WebTestClient.ResponseSpec best(UUID event, String token, Map<String, Object> body) {
		return http().post().uri("/api/v1/events/{id}/holds/best-available", event).headers(h -> h.setBearerAuth(token))
			.bodyValue(body).exchange();
	}

	@SuppressWarnings("unchecked")
	private List<String> bestSeats(UUID event, String token, Map<String, Object> body) {
		return (List<String>) best(event, token, body).expectStatus().isCreated().expectBody(JSON).returnResult()
			.getResponseBody().get("seatIds");
	}

	@Test
	void theBestBlockIsInTheFrontRowInTheMiddle() {
		UUID event = event(10);
		assertThat(bestSeats(event, buyer(), Map.of("sectionCode", "S", "quantity", 2))).containsExactly("S-A-5", "S-A-6");
		assertThat(bestSeats(event, buyer(), Map.of("quantity", 2))).containsExactly("S-A-3", "S-A-4");
	}

	@Test
	void noSingleSeatIsStrandedWhenAnotherBlockAvoidsIt() {
		UUID event = event(10);
		held(event, buyer(), "S-A-1", "S-A-2", "S-A-3");
		held(event, buyer(), "S-A-8", "S-A-9", "S-A-10");
		// A-4..A-7 are free: three of them would strand one, so row B it is; four fit exactly
		assertThat(bestSeats(event, buyer(), Map.of("quantity", 3))).containsExactly("S-B-4", "S-B-5", "S-B-6");
		assertThat(bestSeats(event, buyer(), Map.of("quantity", 4))).containsExactly("S-A-4", "S-A-5", "S-A-6", "S-A-7");
	}

	@Test
	void withinAPriceTheDearestAffordableSectionWins() {
		String admin = admin();
		Map<String, Object> venue = http().post().uri("/api/v1/venues").headers(h -> h.setBearerAuth(admin))
			.bodyValue(Map.of("name", "Two tiers", "city", "Lyon", "sections", List.of(
					Map.of("code", "P", "name", "Premium", "priceTier", "premium", "rows", List.of(Map.of("label", "A", "seats", 4))),
					Map.of("code", "M", "name", "Middle", "priceTier", "middle", "rows", List.of(Map.of("label", "A", "seats", 4))),
					Map.of("code", "C", "name", "Cheap", "priceTier", "cheap", "rows", List.of(Map.of("label", "A", "seats", 4))))))
			.exchange().expectStatus().isCreated().expectBody(JSON).returnResult().getResponseBody();
		UUID event = UUID.fromString((String) http().post().uri("/api/v1/events").headers(h -> h.setBearerAuth(admin))
			.bodyValue(Map.of("venueId", venue.get("venueId"), "name", "Tiers", "startsAt",
					clock.instant().plus(Duration.ofDays(5)).toString(), "onSaleAt", clock.instant().minusSeconds(60).toString(),
					"prices", Map.of("premium", Map.of("amountMinor", 9000, "currency", "EUR"), "middle",
							Map.of("amountMinor", 5000, "currency", "EUR"), "cheap", Map.of("amountMinor", 3000, "currency", "EUR"))))
			.exchange().expectStatus().isCreated().expectBody(JSON).returnResult().getResponseBody().get("eventId"));
		// two of four: the end of the row, since the middle pair would strand the seat beside it
		assertThat(bestSeats(event, buyer(), Map.of("quantity", 2, "maxPriceMinor", 6000))).containsExactly("M-A-1", "M-A-2");
		assertThat(bestSeats(event, buyer(), Map.of("quantity", 2))).containsExactly("P-A-1", "P-A-2");
	}

	@Test
	void manyBuyersAtOnceGetDisjointBlocks() {
		UUID event = event(10);
		List<List<String>> blocks = new CopyOnWriteArrayList<>();
		List<Integer> refused = new CopyOnWriteArrayList<>();
		Flux.range(0, 12)
			.parallel(12)
			.runOn(Schedulers.boundedElastic())
			.doOnNext(i -> {
				var result = best(event, buyer(), Map.of("quantity", 2)).expectBody(JSON).returnResult();
				if (result.getStatus().value() == 201) {
					@SuppressWarnings("unchecked")
					List<String> seats = (List<String>) result.getResponseBody().get("seatIds");
					blocks.add(seats);
				}
				else {
					refused.add(result.getStatus().value());
				}
			})
			.sequential()
			.blockLast();
		Set<String> all = new HashSet<>();
		blocks.forEach(all::addAll);
		assertThat(all).hasSize(blocks.size() * 2);
		assertThat(blocks).allSatisfy(block -> {
			String[] a = block.get(0).split("-");
			String[] b = block.get(1).split("-");
			assertThat(a[1]).isEqualTo(b[1]);
			assertThat(Integer.parseInt(b[2]) - Integer.parseInt(a[2])).isEqualTo(1);
		});
		// 20 seats: at least eight pairs fit, and the rest are told so, never a double sale
		assertThat(blocks.size()).isGreaterThanOrEqualTo(8);
		assertThat(refused).allMatch(status -> status == 409);
		assertThat(statuses(event).chars().filter(c -> c == 'H').count()).isEqualTo(blocks.size() * 2L);
	}

	@Test
	void badRequestsAreRefusedAndChangeNothing() {
		UUID event = event(4);
		String buyer = buyer();
		for (Map<String, Object> body : List.<Map<String, Object>>of(Map.of(), Map.of("quantity", 0), Map.of("quantity", 9),
				Map.of("quantity", 2, "sectionCode", "NOPE"), Map.of("quantity", 2, "maxPriceMinor", -1))) {
			assertProblem(best(event, buyer, body).expectStatus().isBadRequest().expectBody(JSON).returnResult()
				.getResponseBody(), HttpStatus.BAD_REQUEST, "validation");
		}
		assertProblem(best(event, buyer, Map.of("quantity", 5)).expectStatus().isEqualTo(HttpStatus.CONFLICT).expectBody(JSON)
			.returnResult().getResponseBody(), HttpStatus.CONFLICT, "no-seats-together");
		assertThat(statuses(event)).isEqualTo("........");
	}


	@Test
	void aCrowdAskingAtOnceIsSeatedWhileSeatsRemainAndOnlyThenToldSoldOut() {
		UUID event = event(100);
		int crowd = 200;
		// all at once, for real: 204 requests in flight together, each its own buyer
		List<Map<String, Object>> answers = Flux.range(0, crowd + 4)
			.flatMap(i -> webClient().post().uri("/api/v1/events/{id}/holds/best-available", event)
				.headers(h -> h.setBearerAuth(buyer()))
				.bodyValue(Map.of("quantity", 1))
				.exchangeToMono(response -> response.bodyToMono(JSON)
					.map(body -> Map.<String, Object>of("status", response.statusCode().value(), "body", body))), crowd + 4)
			.collectList()
			.block(java.time.Duration.ofSeconds(60));
		@SuppressWarnings("unchecked")
		List<String> seats = answers.stream().filter(a -> a.get("status").equals(201))
			.flatMap(a -> ((List<String>) ((Map<String, Object>) a.get("body")).get("seatIds")).stream())
			.toList();
		// every seat went to someone, nobody got one twice, and only the four too many were refused
		assertThat(seats).hasSize(crowd).doesNotHaveDuplicates();
		assertThat(answers.stream().filter(a -> !a.get("status").equals(201)).map(a -> a.get("status")))
			.hasSize(4).containsOnly(409);
		assertThat(statuses(event)).doesNotContain(".");
	}
}
