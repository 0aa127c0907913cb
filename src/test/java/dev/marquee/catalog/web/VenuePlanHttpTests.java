package dev.marquee.catalog.web;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import dev.marquee.support.IntegrationTest;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A venue drawn as it is, over HTTP: created with a stage, a curved row with a wheelchair
 * place and its companion seat, an aisle and a table; read back in the shape it was sent;
 * its seat map carries the plan; best available hands the wheelchair place and its
 * companion seat to who asks, the seats nearest the stage to everyone else; and a venue
 * whose plan breaks its rules is refused with every rule listed and nothing stored.
 */
class VenuePlanHttpTests extends IntegrationTest {

	static final String HALL = """
			{"name":"Round Hall","city":"Porto",
			 "stage":{"label":"Stage","x":0,"y":-6,"width":14,"height":3},
			 "sections":[
			  {"code":"S","name":"Stalls","priceTier":"std","x":0,"y":0,
			   "rows":[{"label":"A","seats":8,"radius":12,"gapsAfter":[4],"wheelchair":[1],"companion":[2]},
			           {"label":"B","seats":8,"y":1.5,"radius":13.5,"priceTier":"back"}]},
			  {"code":"D","name":"Dining","priceTier":"std","x":14,"y":0,"rotation":-30,
			   "tables":[{"label":"T1","seats":6,"x":0,"y":2}]}]}""";

	private Map<String, Object> post(String admin, String json, int status) {
		return http().post()
			.uri("/api/v1/venues")
			.headers(h -> h.setBearerAuth(admin))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(json)
			.exchange()
			.expectStatus()
			.isEqualTo(status)
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
	}

	@SuppressWarnings("unchecked")
	@Test
	void aVenueDrawnAsItIsIsSoldByItsPlan() {
		String admin = admin();
		Map<String, Object> venue = post(admin, HALL, 201);
		assertThat(venue).containsEntry("seatCount", 22);
		Map<String, Object> stalls = ((List<Map<String, Object>>) venue.get("sections")).get(0);
		Map<String, Object> rowA = ((List<Map<String, Object>>) stalls.get("rows")).get(0);
		assertThat(rowA).containsEntry("radius", 12.0)
			.containsEntry("gapsAfter", List.of(4))
			.containsEntry("wheelchair", List.of(1));
		Map<String, Object> dining = ((List<Map<String, Object>>) venue.get("sections")).get(1);
		assertThat(dining).containsEntry("rotation", -30.0);
		assertThat((List<Map<String, Object>>) dining.get("tables")).singleElement()
			.satisfies(table -> assertThat(table).containsEntry("seats", 6)
				.containsEntry("seatIds", List.of("D-T1-1", "D-T1-2", "D-T1-3", "D-T1-4", "D-T1-5", "D-T1-6")));
		assertThat(read(admin, "/api/v1/venues/{id}", venue.get("venueId"))).isEqualTo(venue);

		Map<String, Object> event = eventOn(venue.get("venueId"), admin, euros("std", 4000, "back", 3000));
		String eventId = (String) event.get("eventId");

		Map<String, Object> seatmap = read(buyer(), "/api/v1/events/{id}/seatmap", eventId);
		assertThat((Map<String, Object>) seatmap.get("stage")).containsEntry("label", "Stage")
			.containsEntry("focusY", -6.0);
		assertThat((List<Number>) seatmap.get("bounds")).hasSize(4);
		Map<String, Object> mapStalls = ((List<Map<String, Object>>) seatmap.get("sections")).get(0);
		assertThat((List<Number>) mapStalls.get("outline")).hasSize(8);
		List<Map<String, Object>> mapRows = (List<Map<String, Object>>) mapStalls.get("rows");
		assertThat(mapRows.get(0)).containsEntry("categories", "WC------")
			.containsEntry("radius", 12.0)
			.containsEntry("cy", 0.0);
		assertThat(mapRows.get(1)).containsEntry("priceTier", "back").containsEntry("cy", 1.5);
		assertThat((Map<String, Object>) mapRows.get(1).get("price")).containsEntry("amountMinor", 3000);
		Map<String, Object> mapDining = ((List<Map<String, Object>>) seatmap.get("sections")).get(1);
		assertThat(((List<Map<String, Object>>) mapDining.get("rows")).get(0)).containsEntry("table", true);

		// who asks for a wheelchair place gets it with its companion seat; everyone else
		// the seats nearest the stage (the middle of the front row, not across the aisle)
		String wheelchairUser = buyer();
		Map<String, Object> accessible = best(eventId, wheelchairUser, Map.of("quantity", 2, "wheelchair", 1));
		assertThat(accessible).containsEntry("seatIds", List.of("S-A-1", "S-A-2"));
		assertThat((Map<String, Object>) accessible.get("total")).containsEntry("amountMinor", 8000);
		Map<String, Object> pair = best(eventId, buyer(), Map.of("quantity", 2));
		assertThat(pair).containsEntry("seatIds", List.of("S-A-3", "S-A-4"));
		assertThat(http().post()
			.uri("/api/v1/events/{id}/holds/best-available", eventId)
			.headers(h -> h.setBearerAuth(buyer()))
			.bodyValue(Map.of("quantity", 1, "wheelchair", 1))
			.exchange()
			.expectStatus()
			.isEqualTo(409)
			.expectBody(JSON)
			.returnResult()
			.getResponseBody()).containsEntry("type", "https://marquee.dev/problems/no-seats-together");
		// a seat held by id sells at its row's tier
		Map<String, Object> back = http().post()
			.uri("/api/v1/events/{id}/holds", eventId)
			.headers(h -> h.setBearerAuth(buyer()))
			.bodyValue(Map.of("seatIds", List.of("S-B-1")))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		assertThat((Map<String, Object>) back.get("total")).containsEntry("amountMinor", 3000);
	}

	private Map<String, Object> best(String eventId, String token, Map<String, Object> request) {
		return http().post()
			.uri("/api/v1/events/{id}/holds/best-available", eventId)
			.headers(h -> h.setBearerAuth(token))
			.bodyValue(request)
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
	}

	@SuppressWarnings("unchecked")
	@Test
	void aPlanThatBreaksItsRulesIsRefusedWithEveryRuleAndNothingStored() {
		long before = db.sql("select count(*) as n from venue").map(row -> row.get("n", Long.class)).one().block();
		Map<String, Object> problem = post(admin(), """
				{"name":"Broken Hall","city":"Porto",
				 "stage":{"label":"Stage","x":0,"y":0,"width":4,"height":2},
				 "sections":[
				  {"code":"S","name":"Stalls","priceTier":"std","x":0,"y":0,"rows":[{"label":"A","seats":3}]},
				  {"code":"T","name":"Terrace","priceTier":"std","x":10,"y":10,
				   "rows":[{"label":"A","seats":3},{"label":"B","seats":3,"y":0.2}]}]}""", 400);

		assertThat(problem).containsEntry("type", "https://marquee.dev/problems/validation");
		assertThat((List<Map<String, Object>>) problem.get("violations")).extracting(v -> v.get("field"))
			.containsExactly("sections[0].rows[0]", "sections[1].rows[1]", "sections[1].rows[1]",
					"sections[1].rows[1]");
		assertThat(db.sql("select count(*) as n from venue").map(row -> row.get("n", Long.class)).one().block())
			.isEqualTo(before);
	}

	@Test
	void theSeatMapIsWrittenOnceGzippedForWhoAcceptsItAndNotSentAgainToWhoHasIt() throws Exception {
		UUID eventId = event(400);
		// HTTP/1.1, as browsers speak it here (an h2c upgrade is Spring's to answer)
		HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		URI uri = URI.create("http://localhost:" + port + "/api/v1/events/" + eventId + "/seatmap");
		HttpResponse<byte[]> plain = client.send(HttpRequest.newBuilder(uri).build(), BodyHandlers.ofByteArray());
		HttpResponse<byte[]> gzipped = client.send(
				HttpRequest.newBuilder(uri).header("Accept-Encoding", "br, gzip").build(), BodyHandlers.ofByteArray());

		assertThat(plain.statusCode()).isEqualTo(200);
		assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
		assertThat(gzipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
		assertThat(gzipped.headers().firstValue("Vary")).hasValue("Accept-Encoding");
		assertThat(gzipped.body().length).isLessThan(plain.body().length / 4);
		try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped.body()))) {
			assertThat(in.readAllBytes()).isEqualTo(plain.body());
		}
		// the same document the controller writes
		assertThat(JsonMapper.shared().readTree(plain.body()))
			.isEqualTo(JsonMapper.shared().valueToTree(read(buyer(), "/api/v1/events/{id}/seatmap", eventId)));

		String etag = plain.headers().firstValue("ETag").orElseThrow();
		assertThat(plain.headers().firstValue("Cache-Control")).hasValue("max-age=300, public");
		HttpResponse<byte[]> again = client.send(
				HttpRequest.newBuilder(uri).header("If-None-Match", "\"other\", " + etag).build(),
				BodyHandlers.ofByteArray());
		assertThat(again.statusCode()).isEqualTo(304);
		assertThat(again.headers().firstValue("ETag")).hasValue(etag);
		assertThat(again.body()).isEmpty();
		assertThat(client
			.send(HttpRequest.newBuilder(uri).header("Accept-Encoding", "gzip;q=0").build(), BodyHandlers.ofByteArray())
			.headers()
			.firstValue("Content-Encoding")).isEmpty();
	}

	private static String hall(int seats, String rowShape, String stage) {
		return """
				{"name":"Edit Hall","city":"Porto",%s
				 "sections":[{"code":"S","name":"Stalls","priceTier":"std",%s
				   "rows":[{"label":"A","seats":%d%s},{"label":"B","seats":%d%s}]}]}""".formatted(stage,
				stage.isEmpty() ? "" : "\"x\":0,\"y\":0,", seats, rowShape, seats, rowShape);
	}

	private WebTestClient.ResponseSpec put(String admin, Object venueId, String json) {
		return http().put()
			.uri("/api/v1/venues/{id}", venueId)
			.headers(h -> h.setBearerAuth(admin))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(json)
			.exchange();
	}

	private Map<String, Object> createEvent(String admin, Object venueId) {
		return eventOn(venueId, admin, euros("std", 4000));
	}

	@SuppressWarnings("unchecked")
	private static List<String> seatIds(Map<String, Object> venue) {
		return ((List<Map<String, Object>>) venue.get("sections")).stream()
			.flatMap(section -> ((List<Map<String, Object>>) section.get("rows")).stream())
			.flatMap(row -> ((List<String>) row.get("seatIds")).stream())
			.toList();
	}

	@Test
	void anEditKeepsEverySeatIdAndIsRefusedOnceAnEventIsOnTheVenue() {
		String admin = admin();
		Map<String, Object> venue = post(admin, hall(6, "", ""), 201);
		Object venueId = venue.get("venueId");

		// drawn as it is: placed, curved, a stage; the same labels keep the same ids
		Map<String, Object> edited = put(admin, venueId,
				hall(6, ",\"radius\":9,\"gapsAfter\":[3]",
						"\"stage\":{\"label\":\"Stage\",\"x\":0,\"y\":-5,\"width\":8,\"height\":2},"))
			.expectStatus()
			.isOk()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		assertThat(seatIds(edited)).isEqualTo(seatIds(venue));
		assertThat(edited).containsKey("stage").containsEntry("venueId", venueId);
		assertThat(read(admin, "/api/v1/venues/{id}", venueId)).isEqualTo(edited);

		// a bad edit changes nothing
		put(admin, venueId, hall(6, ",\"radius\":0.5", "")).expectStatus().isBadRequest();
		assertThat(read(admin, "/api/v1/venues/{id}", venueId)).isEqualTo(edited);

		// an event refused for bad input leaves the venue editable (nothing was written)
		http().post()
			.uri("/api/v1/events")
			.headers(h -> h.setBearerAuth(admin))
			.bodyValue(Map.of("venueId", venueId, "name", "Unpriced night", "startsAt",
					clock.instant().plus(Duration.ofDays(3)).toString(), "onSaleAt",
					clock.instant().minus(Duration.ofHours(1)).toString(), "prices",
					Map.of("other", Map.of("amountMinor", 4000, "currency", "EUR"))))
			.exchange()
			.expectStatus()
			.isBadRequest();
		put(admin, venueId,
				hall(6, ",\"radius\":9,\"gapsAfter\":[3]",
						"\"stage\":{\"label\":\"Stage\",\"x\":0,\"y\":-5,\"width\":8,\"height\":2},"))
			.expectStatus()
			.isOk();

		// once an event is on it, the event keeps the layout it was sold on
		Map<String, Object> event = createEvent(admin, venueId);
		put(admin, venueId, hall(8, "", "")).expectStatus()
			.isEqualTo(409)
			.expectBody(JSON)
			.value(problem -> assertThat(problem).containsEntry("type", "https://marquee.dev/problems/venue-in-use")
				.containsEntry("venueId", venueId));
		assertThat(read(admin, "/api/v1/venues/{id}", venueId)).isEqualTo(edited);
		assertThat(read(buyer(), "/api/v1/events/{id}/seatmap", event.get("eventId"))).containsEntry("seatCount", 12);

		put(admin, UUID.randomUUID(), hall(6, "", "")).expectStatus().isNotFound();
		put(buyer(), venueId, hall(6, "", "")).expectStatus().isForbidden();
	}

	@Test
	void anEditAndANewEventOnTheSameVenueNeverBothWin() {
		String admin = admin();
		WebClient client = webClient();
		for (int round = 0; round < 12; round++) {
			Object venueId = post(admin, hall(10, "", ""), 201).get("venueId");
			Mono<Integer> edit = client.put()
				.uri("/api/v1/venues/{id}", venueId)
				.headers(h -> h.setBearerAuth(admin))
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(hall(12, "", ""))
				.exchangeToMono(answer -> answer.releaseBody().thenReturn(answer.statusCode().value()));
			Mono<Map<String, Object>> event = client.post()
				.uri("/api/v1/events")
				.headers(h -> h.setBearerAuth(admin))
				.bodyValue(Map.of("venueId", venueId, "name", "Race night", "startsAt",
						clock.instant().plus(Duration.ofDays(3)).toString(), "onSaleAt",
						clock.instant().minus(Duration.ofHours(1)).toString(), "prices",
						Map.of("std", Map.of("amountMinor", 4000, "currency", "EUR"))))
				.retrieve()
				.bodyToMono(JSON);
			var both = Mono.zip(edit.subscribeOn(Schedulers.parallel()), event.subscribeOn(Schedulers.parallel()))
				.block();
			int status = both.getT1();
			Map<String, Object> created = both.getT2();
			assertThat(status).isIn(200, 409);
			// the event is on the layout as it was when it was created, and stays so
			int seats = status == 200 ? 24 : 20;
			assertThat(created).as("round %d, edit answered %d", round, status).containsEntry("seatCount", seats);
			assertThat(read(buyer(), "/api/v1/events/{id}/seatmap", created.get("eventId"))).containsEntry("seatCount",
					seats);
			assertThat(seatIds(read(admin, "/api/v1/venues/{id}", venueId))).hasSize(seats);
			// either way the venue is in use now: no edit lands any more
			put(admin, venueId, hall(14, "", "")).expectStatus().isEqualTo(409);
		}
	}

	@SuppressWarnings("unchecked")
	@Test
	void theDesignerPreviewsADraftWithoutStoringItAndListsVenuesWithWhetherTheyAreInUse() {
		String admin = admin();
		long before = db.sql("select count(*) as n from venue").map(row -> row.get("n", Long.class)).one().block();
		Map<String, Object> plan = http().post()
			.uri("/api/v1/venues/preview")
			.headers(h -> h.setBearerAuth(admin))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(HALL)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		assertThat(plan).containsEntry("seatCount", 22).doesNotContainKey("eventId");
		assertThat((Map<String, Object>) plan.get("stage")).containsEntry("label", "Stage");
		Map<String, Object> stalls = ((List<Map<String, Object>>) plan.get("sections")).get(0);
		assertThat(stalls).doesNotContainKey("price");
		assertThat(((List<Map<String, Object>>) stalls.get("rows")).get(0)).containsEntry("categories", "WC------");
		Map<String, Object> problem = http().post()
			.uri("/api/v1/venues/preview")
			.headers(h -> h.setBearerAuth(admin))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(hall(6, ",\"radius\":0.5", ""))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		assertThat((List<Map<String, Object>>) problem.get("violations")).extracting(v -> v.get("field"))
			.containsExactly("sections[0].rows[0].radius", "sections[0].rows[1].radius");
		assertThat(db.sql("select count(*) as n from venue").map(row -> row.get("n", Long.class)).one().block())
			.isEqualTo(before);
		http().post()
			.uri("/api/v1/venues/preview")
			.headers(h -> h.setBearerAuth(buyer()))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(HALL)
			.exchange()
			.expectStatus()
			.isForbidden();

		Object free = post(admin, hall(5, "", ""), 201).get("venueId");
		clock.advance(Duration.ofSeconds(1));
		Object used = post(admin, hall(7, "", ""), 201).get("venueId");
		createEvent(admin, used);
		List<Map<String, Object>> venues = http().get()
			.uri("/api/v1/venues")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBodyList(JSON)
			.returnResult()
			.getResponseBody();
		assertThat(venues).filteredOn(v -> v.get("venueId").equals(used))
			.singleElement()
			.satisfies(v -> assertThat(v).containsEntry("seatCount", 14).containsEntry("inUse", true));
		assertThat(venues).filteredOn(v -> v.get("venueId").equals(free))
			.singleElement()
			.satisfies(v -> assertThat(v).containsEntry("seatCount", 10)
				.containsEntry("inUse", false)
				.containsEntry("name", "Edit Hall"));
		assertThat(venues.indexOf(venues.stream().filter(v -> v.get("venueId").equals(used)).findFirst().get()))
			.isLessThan(venues.indexOf(venues.stream().filter(v -> v.get("venueId").equals(free)).findFirst().get()));
	}

	@Test
	void onlyTheSitesListedMayReadTheSeatMapFromTheirPages() throws Exception {
		UUID eventId = event(4);
		HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		URI uri = URI.create("http://localhost:" + port + "/api/v1/events/" + eventId + "/seatmap");
		// the tests list http://127.0.0.1:[*] in marquee.embed.allowed-origins
		HttpResponse<String> listed = client.send(
				HttpRequest.newBuilder(uri).header("Origin", "http://127.0.0.1:5173").build(), BodyHandlers.ofString());
		assertThat(listed.statusCode()).isEqualTo(200);
		assertThat(listed.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://127.0.0.1:5173");
		HttpResponse<String> other = client.send(
				HttpRequest.newBuilder(uri).header("Origin", "https://elsewhere.example").build(),
				BodyHandlers.ofString());
		assertThat(other.statusCode()).isEqualTo(403);
		assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
		// the page's own origin, and no origin at all, are served as always
		HttpResponse<String> own = client.send(
				HttpRequest.newBuilder(uri).header("Origin", "http://localhost:" + port).build(),
				BodyHandlers.ofString());
		assertThat(own.statusCode()).isEqualTo(200);
		assertThat(own.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
		// the component's script is shared the same way; nothing else is
		HttpResponse<String> script = client
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/embed/marquee-seat-map.js"))
				.header("Origin", "http://127.0.0.1:5173")
				.build(), BodyHandlers.ofString());
		assertThat(script.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://127.0.0.1:5173");
		HttpResponse<String> holds = client
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/me/orders"))
				.header("Origin", "http://127.0.0.1:5173")
				.header("Authorization", "Bearer " + buyer())
				.build(), BodyHandlers.ofString());
		assertThat(holds.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
	}

}
