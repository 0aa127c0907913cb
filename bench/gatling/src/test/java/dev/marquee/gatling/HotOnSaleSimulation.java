package dev.marquee.gatling;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.asLongAs;
import static io.gatling.javaapi.core.CoreDsl.csv;
import static io.gatling.javaapi.core.CoreDsl.doIf;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;
import static io.gatling.javaapi.http.HttpDsl.ws;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;

/**
 * Hot on-sale: N virtual buyers arrive over a short ramp and race for the best seats of one
 * queue-protected event. Each joins the waiting room, polls its ticket about once a second until
 * admitted, holds one seat (most ask for the best available one, the rest pick a free seat in the
 * front rows from the availability map and retry a few times when someone else was faster), buys
 * the hold, and is done; a buyer who finds the event sold out (a 409, or a map without a free
 * seat) gives up, unless {@code rechecks} lets a buyer look at the map again after a 409.
 *
 * <p>Expected answers (a 409 when the seats are gone) are OK for Gatling and counted as named
 * outcomes; only unexpected answers are KO. Every answer's status, problem slug and time goes to
 * {@link Outcomes}, written as JSON at the end (system property {@code outcomes}).
 *
 * <p>System properties: baseUrl, eventId, tokens (CSV with a {@code token} column, one buyer per
 * row), buyers, rampSeconds, bestAvailablePercent, section, rows, seatsPerRow, frontChoices,
 * seatTries, rechecks, maxPolls, outcomes.
 */
public class HotOnSaleSimulation extends Simulation {

	static final String BASE_URL = System.getProperty("baseUrl", "http://127.0.0.1:18484");

	static final String EVENT = required("eventId");

	static final String TOKENS = required("tokens");

	static final int BUYERS = Integer.getInteger("buyers", 10_000);

	static final int RAMP_SECONDS = Integer.getInteger("rampSeconds", 20);

	static final double BEST_PERCENT = Double.parseDouble(System.getProperty("bestAvailablePercent", "70"));

	static final String SECTION = System.getProperty("section", "S");

	static final int ROWS = Integer.getInteger("rows", 20);

	static final int SEATS_PER_ROW = Integer.getInteger("seatsPerRow", 50);

	/** A seat picker chooses at random among the first this-many free seats, front rows first. */
	static final int FRONT_CHOICES = Integer.getInteger("frontChoices", 20);

	/** Holds a seat picker tries (a fresh look at the map before each) before giving up. */
	static final int SEAT_TRIES = Integer.getInteger("seatTries", 3);

	/** Extra rounds for a buyer who got no hold while the map still shows free seats (0: believe the 409). */
	static final int RECHECKS = Integer.getInteger("rechecks", 0);

	/** Queue polls before a buyer gives up waiting (about one per second). */
	static final int MAX_POLLS = Integer.getInteger("maxPolls", 300);

	/**
	 * How a waiting buyer learns it is admitted: {@code poll} (GET its ticket about once a second)
	 * or {@code ws} (watch its ticket over the queue WebSocket, as the browser does, until the
	 * {@code admitted} message, for at most maxPolls seconds).
	 */
	static final String QUEUE_WAIT = System.getProperty("queueWait", "poll");

	static final Outcomes OUTCOMES = new Outcomes();

	private static String required(String name) {
		String value = System.getProperty(name);
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException("system property " + name + " is required");
		}
		return value;
	}

	HttpProtocolBuilder protocol = http.baseUrl(BASE_URL)
		.wsBaseUrl(BASE_URL.replaceFirst("^http", "ws"))
		.acceptHeader("application/json")
		.contentTypeHeader("application/json")
		.userAgentHeader("marquee-gatling-onsale")
		.disableWarmUp();

	/** Clears what the previous request left, so that a lost answer is not read as the one before. */
	private static Session clear(Session session) {
		return session.removeAll("st", "rt", "problem");
	}

	/** Status, time and problem type of every answer: saved first, so that they survive a failed check. */
	private static HttpRequestActionBuilder measured(HttpRequestActionBuilder request) {
		return request.header("Authorization", "Bearer #{token}")
			.check(status().saveAs("st"), responseTimeInMillis().saveAs("rt"),
					jsonPath("$.type").optional().saveAs("problem"));
	}

	private static String slug(Session session) {
		if (!session.contains("problem")) {
			return null;
		}
		String type = session.getString("problem");
		return type.substring(type.lastIndexOf('/') + 1);
	}

	/** Counts the answer as {@code step outcome} and returns the outcome. */
	private static String record(Session session, String step) {
		String outcome;
		long rt = -1;
		if (!session.contains("st")) {
			outcome = "no-response";
		}
		else {
			int st = session.getInt("st");
			rt = session.contains("rt") ? session.getLong("rt") : -1;
			String slug = slug(session);
			outcome = slug == null ? String.valueOf(st) : st + " " + slug;
		}
		OUTCOMES.record(step, outcome, rt);
		return outcome;
	}

	ChainBuilder join = exec(HotOnSaleSimulation::clear)
		.exec(measured(http("queue join").post("/api/v1/events/" + EVENT + "/queue"))
			.check(status().in(200, 201), jsonPath("$.queueTicket").saveAs("queueTicket"),
					jsonPath("$.status").saveAs("queueStatus"), jsonPath("$.admissionToken").optional().saveAs("admission")))
		.exec(session -> {
			record(session, "queue join");
			return session.contains("queueTicket") ? session : session.set("queueStatus", "FAILED");
		});

	ChainBuilder poll = exec(HotOnSaleSimulation::clear)
		.exec(measured(http("queue poll").get("/api/v1/events/" + EVENT + "/queue/#{queueTicket}"))
			.check(status().is(200), jsonPath("$.status").saveAs("queueStatus"),
					jsonPath("$.admissionToken").optional().saveAs("admission")))
		.exec(session -> {
			String outcome = record(session, "queue poll");
			// a failed poll is counted and the buyer polls again, up to maxPolls
			return outcome.equals("200") ? session : session.set("pollFailures", session.getInt("pollFailures") + 1);
		});

	ChainBuilder pollUntilAdmitted = exec(session -> session.set("pollFailures", 0))
		.asLongAs(session -> "WAITING".equals(session.getString("queueStatus")), "polls")
		.on(doIf(session -> session.getInt("polls") < MAX_POLLS)
			.then(pause(Duration.ofMillis(900), Duration.ofMillis(1100)).exec(poll))
			.exec(session -> session.getInt("polls") + 1 >= MAX_POLLS && "WAITING".equals(session.getString("queueStatus"))
					? session.set("queueStatus", "GAVE_UP") : session));

	/** Position messages are let by; the check waits for the one that ends the wait. */
	ChainBuilder watchUntilAdmitted = doIf(session -> "WAITING".equals(session.getString("queueStatus")))
		.then(exec(session -> session.remove("wsType"))
			.exec(ws("queue watch").connect("/ws/events/" + EVENT + "/queue/#{queueTicket}")
				.await(Duration.ofSeconds(MAX_POLLS))
				.on(ws.checkTextMessage("queue admitted")
					.matching(jsonPath("$.type").in("admitted", "expired"))
					.check(jsonPath("$.type").saveAs("wsType"),
							jsonPath("$.admissionToken").optional().saveAs("admission"))))
			.exec(session -> {
				String type = session.contains("wsType") ? session.getString("wsType") : "no-message";
				OUTCOMES.record("queue watch", type, -1);
				return session.set("queueStatus", "admitted".equals(type) ? "ADMITTED" : "GAVE_UP");
			})
			.exec(ws("queue watch close").close()));

	ChainBuilder waitForAdmission = exec("ws".equals(QUEUE_WAIT) ? watchUntilAdmitted : pollUntilAdmitted)
		.exec(session -> {
			String st = session.getString("queueStatus");
			OUTCOMES.buyer("admission " + ("ADMITTED".equals(st) && session.contains("admission") ? "ADMITTED"
					: "ADMITTED".equals(st) ? "ADMITTED-without-token" : st));
			return session;
		});

	ChainBuilder bestAvailable = exec(HotOnSaleSimulation::clear)
		.exec(measured(http("hold best-available").post("/api/v1/events/" + EVENT + "/holds/best-available")
			.header("X-Admission-Token", "#{admission}")
			.body(StringBody("{\"quantity\":1}")))
			.check(status().in(201, 409), jsonPath("$.holdId").optional().saveAs("holdId")))
		.exec(session -> {
			String outcome = record(session, "hold best-available");
			return session.set("lastFailure", session.contains("holdId") ? "" : "best-available " + outcome);
		});

	/** Picks one of the first FRONT_CHOICES free seats (front rows first), or marks the event sold out. */
	private static Session pickSeat(Session session) {
		String statuses = session.contains("statuses") ? session.getString("statuses") : "";
		int[] free = new int[FRONT_CHOICES];
		int found = 0;
		for (int i = 0; i < statuses.length() && found < FRONT_CHOICES; i++) {
			if (statuses.charAt(i) == '.') {
				free[found++] = i;
			}
		}
		if (found == 0) {
			return session.remove("seat").set("soldOut", statuses.length() > 0);
		}
		int index = free[ThreadLocalRandom.current().nextInt(found)];
		String seat = SECTION + "-R" + (index / SEATS_PER_ROW + 1) + "-" + (index % SEATS_PER_ROW + 1);
		return session.set("seat", seat);
	}

	ChainBuilder lookAtMap = exec(HotOnSaleSimulation::clear)
		.exec(session -> session.remove("statuses"))
		.exec(measured(http("availability").get("/api/v1/events/" + EVENT + "/availability"))
			.check(status().is(200), jsonPath("$.statuses").saveAs("statuses")))
		.exec(session -> {
			record(session, "availability");
			return session;
		});

	/** Up to SEAT_TRIES times: look at the map, pick a front seat, hold it; lost to someone faster: again. */
	ChainBuilder pickAndHold = exec(session -> session.set("seatLost", 0))
		.asLongAs(session -> !session.contains("holdId") && !session.getBoolean("soldOut")
				&& session.getInt("seatTries") < SEAT_TRIES, "seatTries")
		.on(exec(lookAtMap)
			.exec(HotOnSaleSimulation::pickSeat)
			.doIf(session -> session.contains("seat"))
			.then(exec(HotOnSaleSimulation::clear)
				.exec(measured(http("hold seat").post("/api/v1/events/" + EVENT + "/holds")
					.header("X-Admission-Token", "#{admission}")
					.body(StringBody(session -> "{\"seatIds\":[\"" + session.getString("seat") + "\"]}")))
					.check(status().in(201, 409), jsonPath("$.holdId").optional().saveAs("holdId")))
				.exec(session -> {
					String outcome = record(session, "hold seat");
					session = session.set("lastFailure", session.contains("holdId") ? "" : "seat " + outcome);
					return outcome.equals("409 seat-unavailable") ? session.set("seatLost", session.getInt("seatLost") + 1)
							: session;
				})))
		.exec(session -> session.getInt("seatLost") >= SEAT_TRIES
				? session.set("lastFailure", "seat-unavailable " + SEAT_TRIES + "x") : session);

	/**
	 * Best available (most buyers) or a front seat off the map, once; with rechecks > 0 a buyer who
	 * got nothing looks at the map a second later and, while it still shows a free seat, goes again.
	 */
	ChainBuilder holdOne = exec(session -> session.remove("holdId")
		.set("soldOut", false)
		.set("rounds", 0)
		.set("picker", ThreadLocalRandom.current().nextDouble(100) >= BEST_PERCENT))
		.asLongAs(session -> !session.contains("holdId") && !session.getBoolean("soldOut")
				&& session.getInt("rounds") <= RECHECKS)
		.on(doIf(session -> session.getInt("rounds") > 0)
			.then(pause(Duration.ofSeconds(1)).exec(lookAtMap).exec(session -> {
				String statuses = session.contains("statuses") ? session.getString("statuses") : "";
				return session.set("soldOut", !statuses.isEmpty() && statuses.indexOf('.') < 0);
			}))
			.doIf(session -> !session.getBoolean("soldOut"))
			.then(doIf(session -> session.getBoolean("picker")).then(pickAndHold)
				.doIf(session -> !session.getBoolean("picker")).then(bestAvailable))
			.exec(session -> session.set("rounds", session.getInt("rounds") + 1)))
		.exec(session -> {
			String kind = session.getBoolean("picker") ? "seat pick" : "best-available";
			int rounds = session.getInt("rounds");
			OUTCOMES.buyer("hold " + (session.contains("holdId")
					? "held (" + kind + (rounds > 1 ? ", after a recheck" : "") + ")"
					: session.getBoolean("soldOut") ? "sold out (" + kind + ": the map shows no free seat)"
					: "gave up (" + kind + ": " + session.getString("lastFailure") + ")"));
			return session;
		});

	ChainBuilder purchase = exec(HotOnSaleSimulation::clear)
		.exec(measured(http("purchase").post("/api/v1/holds/#{holdId}/purchase")
			.header("Idempotency-Key", session -> UUID.randomUUID().toString())
			.body(StringBody("{\"paymentToken\":\"tok_visa\"}")))
			.check(status().is(201), jsonPath("$.orderId").saveAs("orderId"),
					jsonPath("$.tickets[*].seatId").findAll().saveAs("soldSeats")))
		.exec(session -> {
			String outcome = record(session, "purchase");
			if (session.contains("soldSeats")) {
				List<String> seats = session.getList("soldSeats");
				OUTCOMES.sold(seats);
				OUTCOMES.buyer("purchase bought " + seats.size() + " ticket(s)");
			}
			else {
				OUTCOMES.buyer("purchase failed (" + outcome + ")");
			}
			return session;
		});

	ScenarioBuilder buyers = scenario("hot on-sale")
		.feed(csv(TOKENS).queue())
		.exec(join)
		.doIf(session -> "WAITING".equals(session.getString("queueStatus"))
				|| "ADMITTED".equals(session.getString("queueStatus")))
		.then(exec(waitForAdmission)
			.doIf(session -> "ADMITTED".equals(session.getString("queueStatus")) && session.contains("admission"))
			.then(holdOne)
			.doIf(session -> session.contains("holdId")).then(purchase));

	{
		setUp(buyers.injectOpen(rampUsers(BUYERS).during(Duration.ofSeconds(RAMP_SECONDS)))).protocols(protocol)
			.maxDuration(Duration.ofSeconds(RAMP_SECONDS + MAX_POLLS + 120L));
	}

	@Override
	public void after() {
		String file = System.getProperty("outcomes");
		if (file != null) {
			OUTCOMES.write(java.nio.file.Path.of(file));
		}
	}

}
