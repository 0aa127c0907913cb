package dev.marquee.warmup;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import dev.marquee.catalog.EventId;
import dev.marquee.security.ServiceTokens;
import io.netty.handler.codec.http.HttpMethod;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the warm-up's crowd sends ({@link WarmUp} decides how many and for how long).
 * <p>
 * With a {@link Rehearsal} staged, one request in two starts a buyer of it: each opens
 * the event's page, joins its waiting room, waits for its turn, looks at the seat map,
 * holds a seat (picked, or the best available), looks at the hold, lets it go, and then
 * tries to buy it, which is refused when the purchase claims the hold, before any payment
 * (its attempt row is taken back). So the paths a real on-sale takes, successful joins,
 * admissions, holds and their JSON answers, are compiled for what they really carry
 * before the first buyer comes; a warm-up that only met refusals left the sale's first
 * minute to the JIT. The other requests are refused: health, the event list, and the hot
 * routes (queue join, hold, best available, availability, hold lookup, purchase) for
 * events and holds that do not exist, or with bodies that are refused before anything is
 * read or written. Nobody buys: a purchase would take a payment. Each request carries a
 * token freshly signed with the server's key, as every buyer of an on-sale brings a token
 * the node has not seen.
 */
final class WarmUpCrowd {

	/**
	 * As many unknown events as a cache keeps apart; the catalog asks PostgreSQL once
	 * each.
	 */
	static final List<UUID> EVENTS = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
			UUID.randomUUID());

	/** How often a rehearsal buyer asks whether its turn came, and how many times. */
	static final Duration TURN_POLL = Duration.ofMillis(250);

	static final int TURN_POLLS = 40;

	private static final Duration ANSWER_WITHIN = Duration.ofSeconds(10);

	private final ServiceTokens tokens;

	private final JsonMapper json;

	WarmUpCrowd(ServiceTokens tokens, JsonMapper json) {
		this.tokens = tokens;
		this.json = json;
	}

	/**
	 * The {@code i}-th request of the round, or with a rehearsal staged, one buyer of it
	 * in two; the statuses of the answers.
	 */
	Flux<Integer> request(HttpClient client, int i, Rehearsal.Stage stage) {
		if (stage != null && i % 2 == 0) {
			return buyer(client, stage.eventId(), i);
		}
		int n = i / 2;
		String event = "/api/v1/events/" + EVENTS.get(n % EVENTS.size());
		int kind = n % 10;
		// the public reads carry none; signing is work too
		String token = (kind == 0 || kind == 1 || kind == 6) ? null : bearer(i);
		Mono<Integer> status = switch (kind) {
			case 0 -> status(client, HttpMethod.GET, "/actuator/health/liveness", null, null, Map.of());
			case 1 -> status(client, HttpMethod.GET, "/api/v1/events", null, null, Map.of());
			case 2, 3 -> status(client, HttpMethod.POST, event + "/queue", token, null, Map.of());
			case 4 -> status(client, HttpMethod.POST, event + "/holds", token,
					"{\"seatIds\":[\"S-R1-" + i % 50 + "\"]}", Map.of());
			case 5 -> status(client, HttpMethod.POST, event + "/holds/best-available", token,
					"{\"sectionCode\":\"S\",\"quantity\":2}", Map.of());
			case 6 -> status(client, HttpMethod.GET, event + "/availability", null, null, Map.of());
			case 7 -> status(client, HttpMethod.GET, "/api/v1/holds/" + UUID.randomUUID(), token, null, Map.of());
			// no Idempotency-Key: refused before anything is read or written
			case 8 -> status(client, HttpMethod.POST, "/api/v1/holds/" + UUID.randomUUID() + "/purchase", token,
					"{\"paymentToken\":\"tok_visa\"}", Map.of());
			default -> status(client, HttpMethod.POST, event + "/holds", token,
					"{\"seatIds\":" + ThreadLocalRandom.current().nextInt() + "}", Map.of());
		};
		return status.flux();
	}

	/**
	 * A buyer of the rehearsal, as the class says. Ends early, as a buyer would, where an
	 * answer is not the one hoped for (a seat taken meanwhile, a turn that did not come
	 * in time).
	 */
	private Flux<Integer> buyer(HttpClient client, EventId eventId, int i) {
		String token = bearer(i);
		String event = "/api/v1/events/" + eventId;
		return Flux.concat(status(client, HttpMethod.GET, event, token, null, Map
			.of()), answer(client, HttpMethod.POST, event + "/queue", token, null, Map.of()).flatMapMany(
					joined -> Flux.concat(Mono.just(joined.status()), waitTurn(client, event, token, joined, i, 0))));
	}

	private Flux<Integer> waitTurn(HttpClient client, String event, String token, Answer view, int i, int polls) {
		String admission = view.field("admissionToken");
		if (admission != null) {
			return shop(client, event, token, admission, i);
		}
		String ticket = view.field("queueTicket");
		if (ticket == null || polls >= TURN_POLLS) {
			return Flux.empty();
		}
		return Mono.delay(TURN_POLL)
			.then(answer(client, HttpMethod.GET, event + "/queue/" + ticket, token, null, Map.of()))
			.flatMapMany(
					next -> Flux.concat(Mono.just(next.status()), waitTurn(client, event, token, next, i, polls + 1)));
	}

	private Flux<Integer> shop(HttpClient client, String event, String token, String admission, int i) {
		Map<String, String> admitted = Map.of("X-Admission-Token", admission);
		Mono<Answer> hold = (i % 4 == 0)
				? answer(client, HttpMethod.POST, event + "/holds/best-available", token,
						"{\"sectionCode\":\"" + Rehearsal.SECTION + "\",\"quantity\":1}", admitted)
				: answer(client, HttpMethod.POST, event + "/holds", token, "{\"seatIds\":[\"" + Rehearsal.SECTION + "-R"
						+ (1 + i % Rehearsal.ROWS) + "-" + (1 + (i / Rehearsal.ROWS) % Rehearsal.SEATS) + "\"]}",
						admitted);
		// a signed-in buyer's browser sends its token on the public reads too
		return Flux.concat(status(client, HttpMethod.GET, event + "/availability", token, null, Map.of()),
				hold.flatMapMany(held -> {
					String holdId = held.field("holdId");
					if (held.status() != 201 || holdId == null) {
						return Mono.just(held.status());
					}
					String path = "/api/v1/holds/" + holdId;
					// and, once it let the hold go, tries to buy it: the purchase is
					// refused when it claims the hold, after its attempt was written
					// (and before any payment), and the attempt is taken back
					return Flux.concat(Mono.just(held.status()),
							status(client, HttpMethod.GET, path, token, null, Map.of()),
							status(client, HttpMethod.DELETE, path, token, null, Map.of()),
							status(client, HttpMethod.POST, path + "/purchase", token,
									"{\"paymentToken\":\"tok_visa\"}",
									Map.of("Idempotency-Key", "warm-up-" + UUID.randomUUID())));
				}));
	}

	private String bearer(int i) {
		return "Bearer " + this.tokens.mint("warm-up-" + i, List.of(), Duration.ofMinutes(5));
	}

	/** An answer: its status and, for a 2xx JSON object, its top-level fields. */
	private record Answer(int status, Map<?, ?> body) {

		/** A text field of the body; null if there is none. */
		String field(String name) {
			return (this.body != null && this.body.get(name) instanceof String text) ? text : null;
		}

	}

	/** The answer's status; its body is read and let go. */
	private Mono<Integer> status(HttpClient client, HttpMethod method, String uri, String token, String body,
			Map<String, String> headers) {
		return sender(client, method, uri, token, body, headers)
			.responseSingle((response, content) -> content.then(Mono.just(response.status().code())))
			.timeout(ANSWER_WITHIN);
	}

	/** The answer with its fields, for the steps whose next request needs one. */
	private Mono<Answer> answer(HttpClient client, HttpMethod method, String uri, String token, String body,
			Map<String, String> headers) {
		return sender(client, method, uri, token, body, headers)
			.responseSingle((response, content) -> content.asString()
				.map(text -> new Answer(response.status().code(), object(response.status().code(), text)))
				.defaultIfEmpty(new Answer(response.status().code(), null)))
			.timeout(ANSWER_WITHIN);
	}

	private static HttpClient.ResponseReceiver<?> sender(HttpClient client, HttpMethod method, String uri, String token,
			String body, Map<String, String> headers) {
		HttpClient.RequestSender sender = client.headers(h -> {
			if (token != null) {
				h.add("Authorization", token);
			}
			if (body != null) {
				h.add("Content-Type", "application/json");
			}
			headers.forEach(h::add);
		}).request(method).uri(uri);
		return (body != null) ? sender.send(ByteBufFlux.fromString(Mono.just(body))) : sender;
	}

	/** The body's fields, for a 2xx JSON object; null for anything else. */
	private Map<?, ?> object(int status, String text) {
		if (status / 100 != 2 || !text.startsWith("{")) {
			return null;
		}
		try {
			return this.json.readValue(text, Map.class);
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

}
