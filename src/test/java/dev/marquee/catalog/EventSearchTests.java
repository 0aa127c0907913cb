package dev.marquee.catalog;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.marquee.support.IntegrationTest;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Searching and browsing the events on PostgreSQL ({@code GET /api/v1/events} with search
 * parameters): words match the name, performer, venue and city; filters combine; keyset
 * paging visits every event once even while events are added; bad parameters are one
 * problem listing all of them. Each test names its events with words of its own, so the
 * other tests' events never match.
 */
class EventSearchTests extends IntegrationTest {

	private static final ParameterizedTypeReference<List<Map<String, Object>>> EVENTS = new ParameterizedTypeReference<>() {
	};

	private static final Random RANDOM = new Random();

	@Test
	void wordsMatchTheNamePerformerVenueAndCityByPrefixWithoutAccents() {
		String tag = word();
		String admin = admin();
		Object hall = venue("Sala " + tag + "venue", "Cidade " + tag + "city", admin);
		UUID byName = id(make(hall, admin, Map.of("name", "Gala " + tag + "name")));
		UUID byPerformer = id(make(hall, admin, Map.of("name", "Recital", "performer", "Björk " + tag + "perf")));

		assertThat(ids(search("q=" + tag + "name"))).containsExactly(byName);
		assertThat(ids(search("q=bjork " + tag + "pe"))).containsExactly(byPerformer);
		assertThat(ids(search("q=BJÖRK " + tag + "PERF"))).containsExactly(byPerformer);
		assertThat(ids(search("q=" + tag + "venue"))).containsExactlyInAnyOrder(byName, byPerformer);
		assertThat(ids(search("q=" + tag + "cit&sort=startsAt"))).containsExactlyInAnyOrder(byName, byPerformer);
		assertThat(search("q=" + tag + "nothing")).isEmpty();
		// a word of one letter is a whole word, not a prefix
		UUID lettered = id(make(hall, admin, Map.of("name", "Act V " + tag)));
		assertThat(ids(search("q=v " + tag + "venue"))).containsExactly(lettered);
		assertThat(ids(search("q=a " + tag + "venue"))).isEmpty();
	}

	@Test
	void performerAndCategoryAreSetOnCreateChangedByEditAndReturned() {
		String admin = admin();
		Object hall = venue("Hall", word(), admin);
		var created = make(hall, admin, Map.of("performer", "The Band", "category", "concert"));
		assertThat(created).containsEntry("performer", "The Band").containsEntry("category", "concert");
		String tag = word();
		var edited = http().patch()
			.uri("/api/v1/events/{id}", created.get("eventId"))
			.headers(h -> h.setBearerAuth(admin))
			.bodyValue(Map.of("performer", "Solo " + tag, "category", "Jazz"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		assertThat(edited).containsEntry("performer", "Solo " + tag)
			.containsEntry("category", "Jazz")
			.containsEntry("name", "Test Night");
		assertThat(ids(search("q=solo " + tag))).containsExactly(id(created));
		assertThat(ids(search("q=" + tag + "&category=jazz"))).containsExactly(id(created));
	}

	@Test
	void filtersCombine() {
		String city = word();
		String admin = admin();
		Object hall = venue("Hall", city, admin);
		Object elsewhere = venue("Hall", word(), admin);
		Instant now = clock.instant();
		UUID cheapSoon = id(make(hall, admin, with(now.plus(Duration.ofDays(3)), "std", 1500, "box", 4000)));
		UUID dearSoon = id(make(hall, admin, with(now.plus(Duration.ofDays(4)), "std", 9000, "box", 20000)));
		UUID cheapLater = id(make(hall, admin, with(now.plus(Duration.ofDays(40)), "std", 1000, "box", 2000)));
		make(elsewhere, admin, with(now.plus(Duration.ofDays(3)), "std", 1500, "box", 4000));
		Map<String, Object> soldOut = with(now.plus(Duration.ofDays(5)), "std", 1600, "box", 4000);
		soldOut.put("blockedSeatIds", List.of("S-A-1", "S-A-2", "S-B-1", "S-B-2"));
		UUID blockedAll = id(make(hall, admin, soldOut));
		Map<String, Object> draft = with(now.plus(Duration.ofDays(3)), "std", 1500, "box", 4000);
		draft.put("draft", true);
		UUID draftId = id(make(hall, admin, draft));

		String soon = "&from=" + now.plus(Duration.ofDays(1)) + "&to=" + now.plus(Duration.ofDays(10));
		assertThat(ids(search("city=" + city.toUpperCase()))).containsExactly(cheapSoon, dearSoon, blockedAll,
				cheapLater);
		assertThat(ids(search("city=" + city + soon))).containsExactly(cheapSoon, dearSoon, blockedAll);
		assertThat(ids(search("city=" + city + soon + "&maxPrice=2000"))).containsExactly(cheapSoon, blockedAll);
		assertThat(ids(search("city=" + city + "&minPrice=10000"))).containsExactly(dearSoon);
		assertThat(ids(search("city=" + city + soon + "&maxPrice=2000&available=true"))).containsExactly(cheapSoon);
		assertThat(ids(search("city=" + city + "&sort=price"))).containsExactly(cheapLater, cheapSoon, blockedAll,
				dearSoon);
		// drafts only for the organizers
		assertThat(ids(searchAs(admin, "city=" + city + soon))).contains(draftId);
		assertThat(ids(searchAs(buyer(), "city=" + city + soon))).doesNotContain(draftId);
	}

	@Test
	void aSoldSeatCountsAgainstAvailability() {
		String city = word();
		String admin = admin();
		Object hall = venue("Hall", city, admin);
		Map<String, Object> fields = with(clock.instant().plus(Duration.ofDays(3)), "std", 1500, "box", 4000);
		fields.put("blockedSeatIds", List.of("S-A-1", "S-A-2", "S-B-1"));
		UUID event = id(make(hall, admin, fields));
		assertThat(ids(search("city=" + city + "&available=true"))).containsExactly(event);

		String buyer = buyer();
		purchase(held(event, buyer, "S-B-2"), buyer, "k-" + UUID.randomUUID(), "tok_visa").expectStatus().isCreated();

		assertThat(ids(search("city=" + city + "&available=true"))).isEmpty();
		assertThat(ids(search("city=" + city))).containsExactly(event);
	}

	@Test
	void keysetPagingVisitsEveryEventOnceWhileEventsAreAdded() {
		for (String sort : List.of("startsAt", "name", "price", "relevance")) {
			String city = word();
			String admin = admin();
			Object hall = venue("Hall " + city, city, admin);
			Set<UUID> before = new LinkedHashSet<>();
			for (int i = 0; i < 7; i++) {
				before.add(id(make(hall, admin, numbered(i, i % 3 == 0 ? city : "Night"))));
			}
			List<UUID> seen = new ArrayList<>();
			String query = "q=" + city + "&city=" + city + "&limit=3&sort=" + sort;
			String cursor = null;
			int pages = 0;
			do {
				var page = http().get()
					.uri("/api/v1/events?" + query + (cursor == null ? "" : "&cursor=" + cursor))
					.exchange()
					.expectStatus()
					.isOk()
					.expectBody(EVENTS)
					.returnResult();
				seen.addAll(ids(page.getResponseBody()));
				cursor = page.getResponseHeaders().getFirst("X-Next-Cursor");
				if (cursor != null) {
					assertThat(page.getResponseHeaders().getFirst("Link")).contains("cursor=" + cursor)
						.endsWith("; rel=\"next\"");
				}
				// events added while paging, sorting before and after the cursor
				make(hall, admin, numbered(pages, "Extra"));
				make(hall, admin, numbered(9 - pages, city + " Extra"));
				pages++;
			}
			while (cursor != null && pages < 20);
			assertThat(seen).as("sorted by %s", sort).doesNotHaveDuplicates().containsAll(before);
		}
	}

	@Test
	void oldClientsStillGetEveryEventAsAnArray() {
		String admin = admin();
		UUID event = id(make(venue("Hall", word(), admin), admin, Map.of()));
		var all = http().get().uri("/api/v1/events").exchange().expectStatus().isOk().expectBody(EVENTS).returnResult();
		assertThat(all.getResponseHeaders().getFirst("X-Next-Cursor")).isNull();
		assertThat(ids(all.getResponseBody())).contains(event);
	}

	@Test
	void badParametersAreOneProblemListingEach() {
		http().get()
			.uri("/api/v1/events?sort=cheapest&from=yesterday&minPrice=-1&limit=0&cursor=bm9wZQ&available=maybe")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://marquee.dev/problems/validation")
			.jsonPath("$.violations[*].field")
			.isEqualTo(List.of("from", "minPrice", "available", "sort", "limit", "cursor"));
		http().get()
			.uri("/api/v1/events?q=!!!&minPrice=500&maxPrice=100&sort=relevance")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.violations[*].field")
			.isEqualTo(List.of("q", "maxPrice", "sort"));
		String admin = admin();
		Object hall = venue("Hall", word(), admin);
		make(hall, admin, Map.of());
		make(hall, admin, Map.of());
		String nameCursor = http().get()
			.uri("/api/v1/events?limit=1&sort=name")
			.exchange()
			.expectBody(EVENTS)
			.returnResult()
			.getResponseHeaders()
			.getFirst("X-Next-Cursor");
		http().get()
			.uri("/api/v1/events?limit=1&sort=startsAt&cursor=" + nameCursor)
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.violations[*].field")
			.isEqualTo(List.of("cursor"));
	}

	/** An event on the hall, priced for both its tiers unless the fields say. */
	private Map<String, Object> make(Object hall, String admin, Map<String, Object> fields) {
		Map<String, Object> all = new HashMap<>(euros("std", 2000, "box", 6000));
		all.putAll(fields);
		return eventOn(hall, admin, all);
	}

	private Map<String, Object> numbered(int i, String name) {
		Map<String, Object> fields = with(Instant.parse("2031-01-01T20:00:00Z").plus(Duration.ofDays(i % 4)), "std",
				1000 + 100 * (i % 5), "box", 5000);
		fields.put("name", name + " " + (char) ('a' + i % 4));
		return fields;
	}

	private Map<String, Object> with(Instant startsAt, Object... prices) {
		Map<String, Object> fields = new HashMap<>(euros(prices));
		fields.put("startsAt", startsAt.toString());
		return fields;
	}

	private Object venue(String name, String city, String admin) {
		return http().post()
			.uri("/api/v1/venues")
			.headers(h -> h.setBearerAuth(admin))
			.bodyValue(Map.of("name", name, "city", city, "sections",
					List.of(Map.of("code", "S", "name", "Stalls", "priceTier", "std", "rows",
							List.of(Map.of("label", "A", "seats", 2),
									Map.of("label", "B", "seats", 2, "priceTier", "box"))))))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody()
			.get("venueId");
	}

	private List<Map<String, Object>> search(String query) {
		return http().get()
			.uri("/api/v1/events?" + query)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(EVENTS)
			.returnResult()
			.getResponseBody();
	}

	private List<Map<String, Object>> searchAs(String token, String query) {
		return http().get()
			.uri("/api/v1/events?" + query)
			.headers(h -> h.setBearerAuth(token))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(EVENTS)
			.returnResult()
			.getResponseBody();
	}

	private static List<UUID> ids(List<Map<String, Object>> events) {
		return events.stream().map(EventSearchTests::id).toList();
	}

	private static UUID id(Map<String, Object> event) {
		return UUID.fromString((String) event.get("eventId"));
	}

	/** A word no other test uses, of letters only. */
	private static String word() {
		StringBuilder word = new StringBuilder("zq");
		for (int i = 0; i < 10; i++) {
			word.append((char) ('a' + RANDOM.nextInt(26)));
		}
		return word.toString();
	}

}
