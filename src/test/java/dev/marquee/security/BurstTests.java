package dev.marquee.security;

import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import dev.marquee.support.IntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bursts of concurrent requests on a real port: rate limits admit exactly a bucket's
 * worth and refuse the rest with a 429 problem that changes nothing, until the bucket
 * refills by the clock; oversized bodies, headers and URLs are refused at once (413, 431,
 * 414), never a 500 or a hang, while the server goes on answering everyone else. Refusals
 * carry the security headers too.
 */
@TestPropertySource(properties = { "marquee.rate-limit.holds-per-user-per-minute=5",
		"marquee.rate-limit.holds-per-address-per-minute=12", "marquee.server.max-request-body=64KB" })
class BurstTests extends IntegrationTest {

	private static final int SEATS_PER_ROW = 100;

	private static final int MAX_BODY = 64 * 1024;

	@Autowired
	JsonMapper json;

	private HttpClient client;

	@BeforeEach
	void ownAddressAndStoppedClock() throws Exception {
		// each test sends from its own loopback address, so its address bucket starts
		// full
		var random = ThreadLocalRandom.current();
		byte[] address = { 127, (byte) random.nextInt(1, 255), (byte) random.nextInt(256),
				(byte) random.nextInt(1, 255) };
		client = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.localAddress(InetAddress.getByAddress(address))
			.connectTimeout(Duration.ofSeconds(10))
			.build();
		// buckets refill by the clock: stopped, a burst sees no refill, only the test's
		// advances
		clock.freeze();
	}

	@AfterEach
	void closeClient() {
		client.close();
	}

	@Test
	void aBurstOfHoldsFromOneUserAdmitsFiveAndRefusesTheRestWithoutTraceUntilTheBucketRefills() throws Exception {
		UUID event = event(SEATS_PER_ROW);
		String buyer = buyer();
		List<String> seats = seats(0, 2 * SEATS_PER_ROW);

		List<Answer> answers = burst(seats.stream().map(seat -> holdRequest(event, buyer, seat)).toList());

		assertThat(statusCounts(answers)).isEqualTo(Map.of(201, 5L, 429, 195L));
		Set<String> admitted = heldSeats(answers);
		assertThat(admitted).hasSize(5);
		assertRefusals(answers, "user", "12");
		assertOnlyHeld(event, admitted);

		// 5 a minute refill one token every 12 s: 11 s on there is none, at 12 s exactly
		// one
		clock.advance(Duration.ofSeconds(11));
		List<Answer> early = burst(seats(10, 30).stream()
			.filter(seat -> !admitted.contains(seat))
			.map(seat -> holdRequest(event, buyer, seat))
			.toList());
		assertThat(early).allSatisfy(answer -> assertThat(answer.status()).isEqualTo(429));
		assertRefusals(early, "user", "1");
		clock.advance(Duration.ofSeconds(1));
		List<Answer> refilled = burst(seats(10, 30).stream()
			.filter(seat -> !admitted.contains(seat))
			.map(seat -> holdRequest(event, buyer, seat))
			.toList());
		assertThat(statusCounts(refilled)).containsEntry(201, 1L).containsEntry(429, refilled.size() - 1L).hasSize(2);
		assertRefusals(refilled, "user", "12");
		admitted.addAll(heldSeats(refilled));
		assertOnlyHeld(event, admitted);
	}

	@Test
	void aBurstOfHoldsFromOneAddressForManyUsersAdmitsTwelveAndRefusesTheRestUntilTheBucketRefills() throws Exception {
		UUID event = event(SEATS_PER_ROW);
		List<String> seats = seats(0, 2 * SEATS_PER_ROW);

		// every request from its own user, all from this test's one address: only that
		// bucket runs dry
		List<Answer> answers = burst(seats.stream().map(seat -> holdRequest(event, buyer(), seat)).toList());

		assertThat(statusCounts(answers)).isEqualTo(Map.of(201, 12L, 429, 188L));
		Set<String> admitted = heldSeats(answers);
		assertThat(admitted).hasSize(12);
		assertRefusals(answers, "address", "5");
		assertOnlyHeld(event, admitted);

		// 12 a minute: one more hold every 5 s
		clock.advance(Duration.ofSeconds(5));
		List<Answer> refilled = burst(seats(0, 40).stream()
			.filter(seat -> !admitted.contains(seat))
			.map(seat -> holdRequest(event, buyer(), seat))
			.toList());
		assertThat(statusCounts(refilled)).containsEntry(201, 1L).containsEntry(429, refilled.size() - 1L).hasSize(2);
		assertRefusals(refilled, "address", "5");
		admitted.addAll(heldSeats(refilled));
		assertOnlyHeld(event, admitted);
	}

	@Test
	void aBurstOfTwoMegabyteBodiesIsRefusedWith413WhileOtherBuyersHoldSeatsDuringAndAfter() throws Exception {
		UUID event = event(SEATS_PER_ROW);
		String flooder = buyer();
		// valid JSON that would hold S-A-1 if it were ever read to the end
		byte[] huge = padded("S-A-1", 2 * 1024 * 1024);
		List<HttpRequest> requests = new ArrayList<>();
		for (int i = 0; i < 32; i++) {
			requests.add(post(event, flooder, announced(huge)));
		}
		for (int i = 0; i < 8; i++) {
			requests.add(post(event, flooder, chunked(huge)));
		}
		List<String> others = List.of("S-B-1", "S-B-2", "S-B-3", "S-B-4");
		others.forEach(seat -> requests.add(holdRequest(event, buyer(), seat)));

		List<Answer> answers = burst(requests);

		assertThat(answers.subList(0, 40)).allSatisfy(answer -> {
			assertThat(answer.status()).isEqualTo(413);
			assertThat(answer.contentType()).startsWith("application/problem+json");
			assertProblem(answer.body(), HttpStatus.CONTENT_TOO_LARGE, "payload-too-large");
			assertSecurityHeaders(answer);
		});
		assertThat(answers.subList(40, 44)).allSatisfy(answer -> assertThat(answer.status()).isEqualTo(201));
		assertOnlyHeld(event, new TreeSet<>(others));
		// the refused bodies did not even use up the flooder's rate limit: all 5 holds of
		// a minute are left
		List<String> later = seats(1, 6);
		List<Answer> after = burst(later.stream().map(seat -> holdRequest(event, flooder, seat)).toList());
		assertThat(after).allSatisfy(answer -> assertThat(answer.status()).isEqualTo(201));
		Set<String> held = new TreeSet<>(others);
		held.addAll(later);
		assertOnlyHeld(event, held);
	}

	@Test
	void aBodyUpToTheConfiguredSizeIsReadAndOneByteMoreIsRefusedWhetherAnnouncedOrChunked() throws Exception {
		UUID event = event(SEATS_PER_ROW);
		String buyer = buyer();
		List<Answer> answers = burst(List.of(post(event, buyer, announced(padded("S-A-1", MAX_BODY))),
				post(event, buyer, chunked(padded("S-A-2", MAX_BODY))),
				post(event, buyer, announced(padded("S-A-3", MAX_BODY + 1))),
				post(event, buyer, chunked(padded("S-A-4", MAX_BODY + 1)))));

		assertThat(answers).extracting(Answer::status).containsExactly(201, 201, 413, 413);
		assertOnlyHeld(event, Set.of("S-A-1", "S-A-2"));
	}

	@Test
	void aBurstOfOversizedHeadersAndUrlsIsAnswered431And414WithoutHangingAndTheServerGoesOn() throws Exception {
		UUID event = event(SEATS_PER_ROW);
		String buyer = buyer();
		List<HttpRequest> requests = new ArrayList<>();
		for (int i = 0; i < 16; i++) {
			requests.add(HttpRequest.newBuilder(URI.create(base() + "/api/v1/events/" + event + "/availability"))
				.header("X-Padding", "x".repeat(32 * 1024))
				.timeout(Duration.ofSeconds(20))
				.GET()
				.build());
			requests.add(HttpRequest
				.newBuilder(
						URI.create(base() + "/api/v1/events/" + event + "/availability?pad=" + "x".repeat(32 * 1024)))
				.timeout(Duration.ofSeconds(20))
				.GET()
				.build());
		}
		List<Answer> answers = burst(requests);

		// every request has a 20 s timeout: a hang would fail the burst
		for (int i = 0; i < answers.size(); i++) {
			assertThat(answers.get(i).status()).isEqualTo(i % 2 == 0 ? 431 : 414);
		}
		assertThat(burst(List.of(holdRequest(event, buyer, "S-A-1"))))
			.allSatisfy(answer -> assertThat(answer.status()).isEqualTo(201));
		assertOnlyHeld(event, Set.of("S-A-1"));
	}

	// --- helpers

	private record Answer(int status, HttpHeaders headers, Map<String, Object> body) {

		String contentType() {
			return headers.firstValue("Content-Type").orElse("");
		}

	}

	private String base() {
		return "http://127.0.0.1:" + port;
	}

	private HttpRequest holdRequest(UUID event, String token, String seat) {
		return post(event, token,
				HttpRequest.BodyPublishers.ofString("{\"seatIds\":[\"" + seat + "\"]}", StandardCharsets.UTF_8));
	}

	private HttpRequest post(UUID event, String token, HttpRequest.BodyPublisher body) {
		return HttpRequest.newBuilder(URI.create(base() + "/api/v1/events/" + event + "/holds"))
			.header("Authorization", "Bearer " + token)
			.header("Content-Type", "application/json")
			.timeout(Duration.ofSeconds(30))
			.POST(body)
			.build();
	}

	private static HttpRequest.BodyPublisher announced(byte[] body) {
		return HttpRequest.BodyPublishers.ofByteArray(body);
	}

	/** Of unknown length, so sent chunked, without Content-Length. */
	private static HttpRequest.BodyPublisher chunked(byte[] body) {
		return HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body));
	}

	/** A hold of one seat, padded with whitespace to exactly {@code size} bytes. */
	private static byte[] padded(String seat, int size) {
		String head = "{\"seatIds\":[\"" + seat + "\"]";
		return (head + " ".repeat(size - head.length() - 1) + "}").getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * Seats in map order A-1..A-n, B-1..B-n, from index {@code from} (inclusive) to
	 * {@code to}.
	 */
	private static List<String> seats(int from, int to) {
		return IntStream.range(from, to)
			.mapToObj(i -> "S-" + (i < SEATS_PER_ROW ? "A" : "B") + "-" + (i % SEATS_PER_ROW + 1))
			.toList();
	}

	/**
	 * Sends every request at once: all wait at one gate, which opens when the last is
	 * ready.
	 */
	private List<Answer> burst(List<HttpRequest> requests) throws Exception {
		CountDownLatch ready = new CountDownLatch(requests.size());
		CountDownLatch go = new CountDownLatch(1);
		try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
			List<Future<Answer>> pending = new ArrayList<>();
			for (HttpRequest request : requests) {
				pending.add(threads.submit(() -> {
					ready.countDown();
					go.await();
					HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
					return new Answer(response.statusCode(), response.headers(), parse(response));
				}));
			}
			assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
			go.countDown();
			List<Answer> answers = new ArrayList<>();
			for (Future<Answer> answer : pending) {
				answers.add(answer.get(60, TimeUnit.SECONDS));
			}
			return answers;
		}
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> parse(HttpResponse<byte[]> response) {
		boolean problem = response.headers()
			.firstValue("Content-Type")
			.orElse("")
			.startsWith("application/problem+json");
		return problem || response.statusCode() == 201 ? json.readValue(response.body(), Map.class) : Map.of();
	}

	private static Map<Integer, Long> statusCounts(List<Answer> answers) {
		return answers.stream().collect(Collectors.groupingBy(Answer::status, Collectors.counting()));
	}

	@SuppressWarnings("unchecked")
	private static Set<String> heldSeats(List<Answer> answers) {
		return answers.stream()
			.filter(answer -> answer.status() == 201)
			.flatMap(answer -> ((List<String>) answer.body().get("seatIds")).stream())
			.collect(Collectors.toCollection(TreeSet::new));
	}

	/**
	 * Every refusal is a rate-limited problem of the given bucket with the exact wait.
	 */
	private static void assertRefusals(List<Answer> answers, String by, String retryAfter) {
		assertThat(answers.stream().filter(answer -> answer.status() == 429)).allSatisfy(answer -> {
			assertThat(answer.contentType()).startsWith("application/problem+json");
			assertProblem(answer.body(), HttpStatus.TOO_MANY_REQUESTS, "rate-limited");
			assertThat((String) answer.body().get("detail")).contains("from this " + by);
			assertThat(answer.headers().firstValue("Retry-After")).hasValue(retryAfter);
			assertSecurityHeaders(answer);
		});
	}

	private static void assertSecurityHeaders(Answer answer) {
		Function<String, String> header = name -> answer.headers().firstValue(name).orElse(null);
		assertThat(header.apply("X-Content-Type-Options")).isEqualTo("nosniff");
		assertThat(header.apply("X-Frame-Options")).isEqualTo("DENY");
		assertThat(header.apply("Referrer-Policy")).isEqualTo("no-referrer");
		assertThat(header.apply("Content-Security-Policy")).contains("frame-ancestors 'none'");
		assertThat(header.apply("Cache-Control")).contains("no-store");
	}

	/**
	 * The seat map shows exactly these seats held and Redis keeps exactly one hold per
	 * held seat.
	 */
	private void assertOnlyHeld(UUID event, Set<String> seats) {
		StringBuilder expected = new StringBuilder();
		for (String seat : seats(0, 2 * SEATS_PER_ROW)) {
			expected.append(seats.contains(seat) ? 'H' : '.');
		}
		assertThat(statuses(event)).isEqualTo(expected.toString());
		assertThat(redisKeys(event).stream().filter(key -> key.contains("}:hold:"))).hasSize(seats.size());
	}

}
