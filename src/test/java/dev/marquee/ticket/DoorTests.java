package dev.marquee.ticket;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import tools.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Test;

import dev.marquee.support.IntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The door offline: a signed list of an event's live tickets that a scanner verifies with
 * the published key, and scans made offline settled later, the first to reach the server
 * admitting and every other a double entry, however often a device sends them.
 */
class DoorTests extends IntegrationTest {

	private static final String SCANNER = token("door-scanner", "SCANNER");

	@Autowired
	JsonMapper json;

	/** Buys one seat and answers {orderId, ticketId, code} of its ticket. */
	@SuppressWarnings("unchecked")
	private Map<String, Object> bought(UUID event, String buyer, String seat) {
		Map<String, Object> order = purchase(held(event, buyer, seat), buyer, "k-" + UUID.randomUUID(), "tok_visa")
			.expectStatus()
			.isCreated()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		List<Map<String, Object>> mine = (List<Map<String, Object>>) (List<?>) http().get()
			.uri("/api/v1/me/tickets")
			.headers(h -> h.setBearerAuth(buyer))
			.exchange()
			.expectBodyList(Map.class)
			.returnResult()
			.getResponseBody();
		Map<String, Object> ticket = new HashMap<>(
				mine.stream().filter(t -> seat.equals(t.get("seatId"))).findFirst().orElseThrow());
		ticket.put("orderId", order.get("orderId"));
		return ticket;
	}

	private WebTestClient.ResponseSpec sync(String token, UUID event, Object scans) {
		return http().post()
			.uri("/api/v1/events/{id}/scans", event)
			.headers(h -> h.setBearerAuth(token))
			.bodyValue(Map.of("scans", scans))
			.exchange();
	}

	@SuppressWarnings("unchecked")
	private List<Map<String, Object>> settled(UUID event, Object scans) {
		return (List<Map<String, Object>>) sync(SCANNER, event, scans).expectStatus()
			.isOk()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody()
			.get("results");
	}

	private static Map<String, Object> scan(Object code, String scannedAt, String gate, String deviceId) {
		Map<String, Object> scan = new HashMap<>();
		scan.put("code", code);
		scan.put("scannedAt", scannedAt);
		scan.put("gate", gate);
		scan.put("deviceId", deviceId);
		return scan;
	}

	private static String sha256(String text) throws Exception {
		return Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
	}

	private static boolean verifies(PublicKey key, String payload, String signature) throws Exception {
		Signature verifier = Signature.getInstance("SHA256withECDSAinP1363Format");
		verifier.initVerify(key);
		verifier.update(payload.getBytes(StandardCharsets.UTF_8));
		return verifier.verify(Base64.getUrlDecoder().decode(signature));
	}

	@Test
	@SuppressWarnings("unchecked")
	void theDoorListIsSignedAndListsExactlyTheLiveTicketsByTheirCodesHash() throws Exception {
		UUID event = event(4);
		String alice = buyer();
		Map<String, Object> used = bought(event, alice, "S-A-1");
		Map<String, Object> moved = bought(event, alice, "S-A-2");
		Map<String, Object> cancelled = bought(event, buyer(), "S-A-3");
		http().post()
			.uri("/api/v1/tickets/scan")
			.headers(h -> h.setBearerAuth(SCANNER))
			.bodyValue(Map.of("code", used.get("code")))
			.exchange()
			.expectStatus()
			.isOk();
		String newCode = (String) http().post()
			.uri("/api/v1/tickets/{id}/transfer", moved.get("ticketId"))
			.headers(h -> h.setBearerAuth(alice))
			.bodyValue(Map.of("toUserId", "bob"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody()
			.get("code");
		http().post()
			.uri("/api/v1/orders/{id}/refund", cancelled.get("orderId"))
			.headers(h -> h.setBearerAuth(admin()))
			.exchange()
			.expectStatus()
			.isOk();

		Map<String, Object> list = read(SCANNER, "/api/v1/events/{id}/door-list", event);
		Map<String, Object> key = read(null, "/api/v1/door/public-key");
		assertThat(list).containsEntry("eventId", event.toString()).containsEntry("keyId", key.get("keyId"));
		String payload = (String) list.get("payload");
		String signature = (String) list.get("signature");

		// the signature verifies with the published key, in both of its forms
		PublicKey spki = KeyFactory.getInstance("EC")
			.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode((String) key.get("spki"))));
		assertThat(verifies(spki, payload, signature)).isTrue();
		Map<String, Object> jwk = (Map<String, Object>) key.get("jwk");
		assertThat(jwk).containsEntry("kty", "EC").containsEntry("crv", "P-256");
		AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
		parameters.init(new ECGenParameterSpec("secp256r1"));
		PublicKey fromJwk = KeyFactory.getInstance("EC")
			.generatePublic(new ECPublicKeySpec(
					new ECPoint(new BigInteger(1, Base64.getUrlDecoder().decode((String) jwk.get("x"))),
							new BigInteger(1, Base64.getUrlDecoder().decode((String) jwk.get("y")))),
					parameters.getParameterSpec(ECParameterSpec.class)));
		assertThat(verifies(fromJwk, payload, signature)).isTrue();
		// and nothing else does: one changed character breaks it
		assertThat(verifies(spki, payload.replace("S-A-1", "S-A-4"), signature)).isFalse();

		Map<String, Object> signed = json.readValue(payload, Map.class);
		assertThat(signed).containsEntry("eventId", event.toString()).containsEntry("version", 1);
		assertThat(signed.get("issuedAt")).isEqualTo(list.get("issuedAt"));
		List<Map<String, Object>> entries = (List<Map<String, Object>>) signed.get("entries");
		assertThat(entries).extracting(e -> e.get("seatId")).containsExactly("S-A-1", "S-A-2");
		assertThat(entries.get(0)).containsEntry("codeHash", sha256((String) used.get("code")))
			.containsEntry("ticketId", used.get("ticketId"))
			.containsEntry("used", true)
			.containsKey("usedAt");
		assertThat(entries.get(1)).containsEntry("codeHash", sha256(newCode))
			.containsEntry("ticketId", moved.get("ticketId"))
			.containsEntry("used", false);
		// the transferred ticket's old code and the cancelled ticket's code are not in it
		assertThat(entries).extracting(e -> e.get("codeHash"))
			.doesNotContain(sha256((String) moved.get("code")), sha256((String) cancelled.get("code")));
		assertThat(list.get("tickets")).isEqualTo(2);

		// organizers may read it too; buyers and strangers may not
		read(admin(), "/api/v1/events/{id}/door-list", event);
		http().get()
			.uri("/api/v1/events/{id}/door-list", event)
			.headers(h -> h.setBearerAuth(buyer()))
			.exchange()
			.expectStatus()
			.isForbidden();
		http().get().uri("/api/v1/events/{id}/door-list", event).exchange().expectStatus().isUnauthorized();
		http().get()
			.uri("/api/v1/events/{id}/door-list", UUID.randomUUID())
			.headers(h -> h.setBearerAuth(SCANNER))
			.exchange()
			.expectStatus()
			.isNotFound();
	}

	@Test
	void concurrentSyncsOfOneCodeAdmitOnceAndSendingAgainChangesNothing() {
		UUID event = event(4);
		String code = (String) bought(event, buyer(), "S-B-1").get("code");
		// a device's clock says milliseconds
		String at = clock.instant().minus(Duration.ofMinutes(3)).truncatedTo(ChronoUnit.MILLIS).toString();
		List<Map<String, Object>> results = new CopyOnWriteArrayList<>();
		Flux.range(0, 8)
			.parallel(8)
			.runOn(Schedulers.boundedElastic())
			.doOnNext(device -> results
				.addAll(settled(event, List.of(scan(code, at, "Gate " + device, "dev-" + device)))))
			.sequential()
			.blockLast();
		assertThat(results).filteredOn(r -> "ADMITTED".equals(r.get("outcome"))).hasSize(1);
		List<Map<String, Object>> doubles = results.stream()
			.filter(r -> "DOUBLE_ENTRY".equals(r.get("outcome")))
			.toList();
		assertThat(doubles).hasSize(7);
		String winner = (String) results.stream()
			.filter(r -> "ADMITTED".equals(r.get("outcome")))
			.findFirst()
			.orElseThrow()
			.get("seatId");
		assertThat(winner).isEqualTo("S-B-1");
		// each double entry says when and where the ticket first got in
		Map<String, Object> first = firstAdmission(doubles.get(0));
		assertThat(first).containsKeys("usedAt", "gate", "deviceId").containsEntry("scannedAt", at);
		String firstDevice = (String) first.get("deviceId");
		String firstGate = (String) first.get("gate");
		assertThat(firstGate).isEqualTo("Gate " + firstDevice.substring(4));

		// every device sends its scan again (its answer was lost): the same answers, no
		// new rows, and the admitting device is never told it is a double entry of itself
		for (int device = 0; device < 8; device++) {
			String outcome = (String) settled(event, List.of(scan(code, at, "Gate " + device, "dev-" + device))).get(0)
				.get("outcome");
			assertThat(outcome).isEqualTo(("dev-" + device).equals(firstDevice) ? "ADMITTED" : "DOUBLE_ENTRY");
		}
		assertThat(count("select count(*) from door_scan where event_id = :event", event)).isEqualTo(8);
		assertThat(count("select count(*) from ticket where event_id = :event and status = 'USED'", event))
			.isEqualTo(1);

		// online, the ticket is used, and the answer names the gate
		Map<String, Object> refused = http().post()
			.uri("/api/v1/tickets/scan")
			.headers(h -> h.setBearerAuth(SCANNER))
			.bodyValue(Map.of("code", code, "gate", "South", "deviceId", "dev-online"))
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.CONFLICT)
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		assertProblem(refused, HttpStatus.CONFLICT, "already-used");
		assertThat(refused).containsEntry("gate", firstGate);
		Map<String, Object> counts = read(SCANNER, "/api/v1/events/{id}/door-counts", event);
		assertThat(counts).containsEntry("admitted", 1).containsEntry("tickets", 1);
		assertThat(counts.get("gates")).isEqualTo(List.of(Map.of("gate", firstGate, "admitted", 1)));
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> firstAdmission(Map<String, Object> result) {
		return (Map<String, Object>) result.get("firstAdmission");
	}

	@Test
	void scansOfCodesThatAdmitNobodyAreInvalidWithTheirReason() {
		UUID event = event(4);
		UUID other = event(4);
		String code = (String) bought(event, buyer(), "S-A-4").get("code");
		String otherCode = (String) bought(other, buyer(), "S-A-4").get("code");
		String[] parts = code.split("\\.");
		String forged = parts[0] + "." + parts[1] + "." + (parts[2].charAt(0) == 'A' ? 'B' : 'A')
				+ parts[2].substring(1);
		String at = clock.instant().toString();
		List<Map<String, Object>> results = settled(event,
				List.of(scan(forged, at, "North", "dev-a"), scan(otherCode, at, "North", "dev-a"),
						scan(code, at, "North", "dev-a"),
						scan(code, clock.instant().plusSeconds(5).toString(), "North", "dev-a")));
		assertThat(results).extracting(r -> r.get("outcome"))
			.containsExactly("INVALID", "INVALID", "ADMITTED", "DOUBLE_ENTRY");
		assertThat(results).extracting(r -> r.get("reason")).containsExactly("forged", "other-event", null, null);
		assertThat(count("select count(*) from ticket where event_id = :event and status = 'USED'", other)).isZero();

		// an online scan with a gate counts for that gate
		String online = (String) bought(event, buyer(), "S-A-3").get("code");
		http().post()
			.uri("/api/v1/tickets/scan")
			.headers(h -> h.setBearerAuth(SCANNER))
			.bodyValue(Map.of("code", online, "eventId", event.toString(), "gate", "South", "deviceId", "dev-b"))
			.exchange()
			.expectStatus()
			.isOk();
		Map<String, Object> counts = read(admin(), "/api/v1/events/{id}/door-counts", event);
		assertThat(counts).containsEntry("admitted", 2).containsEntry("tickets", 2);
		assertThat(counts.get("gates"))
			.isEqualTo(List.of(Map.of("gate", "North", "admitted", 1), Map.of("gate", "South", "admitted", 1)));
	}

	@Test
	@SuppressWarnings("unchecked")
	void badScansAreRefusedWholeListingEveryViolationAndChangeNothing() {
		UUID event = event(4);
		String code = (String) bought(event, buyer(), "S-B-2").get("code");
		String now = clock.instant().toString();
		Map<String, Object> problem = sync(SCANNER, event,
				List.of(scan(code, now, "North", "dev-a"), scan(code, "yesterday", "", "no spaces"),
						scan(null, clock.instant().plus(Duration.ofHours(1)).toString(), "x".repeat(65), null)))
			.expectStatus()
			.isBadRequest()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		assertProblem(problem, HttpStatus.BAD_REQUEST, "validation");
		assertThat((List<Map<String, Object>>) problem.get("violations")).extracting(v -> v.get("field"))
			.containsExactly("scans[1].scannedAt", "scans[1].gate", "scans[1].deviceId", "scans[2].code",
					"scans[2].scannedAt", "scans[2].gate", "scans[2].deviceId");
		for (Object bad : List.of(List.of(), "scans", List.of(Map.of("code", 7)))) {
			sync(SCANNER, event, bad).expectStatus().isBadRequest();
		}
		http().post()
			.uri("/api/v1/events/{id}/scans", event)
			.headers(h -> h.setBearerAuth(SCANNER))
			.bodyValue(Map.of())
			.exchange()
			.expectStatus()
			.isBadRequest();
		// nothing was settled, not even the good scan of the batch
		assertThat(count("select count(*) from door_scan where event_id = :event", event)).isZero();
		assertThat(count("select count(*) from ticket where event_id = :event and status = 'USED'", event)).isZero();

		// an online scan's gate and device are checked too
		Map<String, Object> online = http().post()
			.uri("/api/v1/tickets/scan")
			.headers(h -> h.setBearerAuth(SCANNER))
			.bodyValue(Map.of("code", code, "gate", " ", "deviceId", "a b"))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		assertThat((List<Map<String, Object>>) online.get("violations")).extracting(v -> v.get("field"))
			.containsExactly("gate", "deviceId");

		// scanners only; an unknown event is not found
		List<Map<String, Object>> good = List.of(scan(code, now, "North", "dev-a"));
		sync(buyer(), event, good).expectStatus().isForbidden();
		sync(admin(), event, good).expectStatus().isForbidden();
		sync(SCANNER, UUID.randomUUID(), good).expectStatus().isNotFound();
		http().get()
			.uri("/api/v1/events/{id}/door-counts", event)
			.headers(h -> h.setBearerAuth(buyer()))
			.exchange()
			.expectStatus()
			.isForbidden();
		assertThat(count("select count(*) from door_scan where event_id = :event", event)).isZero();
	}

}
