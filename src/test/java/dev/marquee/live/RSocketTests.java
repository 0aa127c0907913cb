package dev.marquee.live;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import io.rsocket.exceptions.ApplicationErrorException;
import io.rsocket.exceptions.RejectedException;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import dev.marquee.support.RSocketClients;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.messaging.rsocket.RSocketRequester;
import org.springframework.security.rsocket.metadata.BearerTokenMetadata;
import reactor.test.StepVerifier;

import static dev.marquee.support.RSocketClients.BEARER;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mobile clients over RSocket, on TCP and on WebSocket: the seat stream, and holds and
 * purchases with the same answers and problems as HTTP, authenticated with the same
 * bearer token.
 */
class RSocketTests extends LiveTest {

	@Autowired
	RSocketClients rsocket;

	@Autowired
	JsonMapper json;

	/**
	 * Watches over RSocket while the four changes are made over HTTP, and checks what
	 * arrived.
	 */
	private void assertSeatStream(RSocketRequester requester) {
		UUID event = event(4);
		List<Map<String, Object>> received = new CopyOnWriteArrayList<>();
		var subscription = requester.route("events.{id}.seats", event)
			.retrieveFlux(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.subscribe(received::add);
		try {
			Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !received.isEmpty());
			playTheScript(event);
			Awaitility.await()
				.atMost(Duration.ofSeconds(15))
				.until(() -> received.size() >= 1 + SeatChangeScript.EXPECTED.size());
			SeatChangeScript.assertSnapshotThenDeltas(received);
		}
		finally {
			subscription.dispose();
			requester.dispose();
		}
	}

	@Test
	void theSeatStreamOverTcpGivesSnapshotThenHoldReleaseSaleAndExpiry() {
		assertSeatStream(rsocket.tcp(null));
	}

	@Test
	void theSeatStreamOverWebSocketGivesSnapshotThenHoldReleaseSaleAndExpiry() {
		assertSeatStream(rsocket.webSocket());
	}

	@Test
	void anUnknownRouteOrPayloadIsAClearErrorAndTheConnectionKeepsWorking() {
		UUID event = event(4);
		RSocketRequester requester = rsocket.tcp(buyer());
		try {
			StepVerifier.create(requester.route("no.such.route").data(Map.of()).retrieveMono(Map.class))
				.expectErrorSatisfies(error -> assertThat(error.getMessage()).containsIgnoringCase("no.such.route"))
				.verify(Duration.ofSeconds(10));
			StepVerifier.create(requester.route("holds.create").data("{not json").retrieveMono(Map.class))
				.expectErrorSatisfies(error -> assertThat(error.getMessage()).contains("/malformed-request"))
				.verify(Duration.ofSeconds(10));
			Map<?, ?> hold = requester.route("holds.create")
				.data(Map.of("eventId", event.toString(), "seatIds", List.of("S-A-4")))
				.retrieveMono(Map.class)
				.block(Duration.ofSeconds(10));
			assertThat(hold.get("status")).isEqualTo("ACTIVE");
		}
		finally {
			requester.dispose();
		}
	}

	@Test
	void holdsAndPurchasesWorkWithTheTokenInTheSetupOrInTheRequest() {
		UUID event = event(4);
		String buyer = buyer();
		RSocketRequester requester = rsocket.tcp(buyer);
		try {
			Map<?, ?> hold = requester.route("holds.create")
				.data(Map.of("eventId", event.toString(), "seatIds", List.of("S-B-1")))
				.retrieveMono(Map.class)
				.block(Duration.ofSeconds(10));
			assertThat(hold.get("status")).isEqualTo("ACTIVE");
			assertThat(statuses(event)).isEqualTo("....H...");

			RSocketRequester anonymous = rsocket.webSocket();
			try {
				Map<?, ?> order = anonymous.route("holds.purchase")
					.metadata(new BearerTokenMetadata(buyer), BEARER)
					.data(Map.of("holdId", hold.get("holdId"), "paymentToken", "tok_visa", "idempotencyKey", "rs-1"))
					.retrieveMono(Map.class)
					.block(Duration.ofSeconds(10));
				assertThat(order.get("status")).isEqualTo("CONFIRMED");
			}
			finally {
				anonymous.dispose();
			}
			assertThat(statuses(event)).isEqualTo("....X...");
		}
		finally {
			requester.dispose();
		}
	}

	@Test
	void failuresAreApplicationErrorsCarryingTheProblemJson() {
		UUID event = event(4);
		held(event, buyer(), "S-A-1");
		RSocketRequester requester = rsocket.tcp(buyer());
		try {
			StepVerifier
				.create(requester.route("holds.create")
					.data(Map.of("eventId", event.toString(), "seatIds", List.of("S-A-1", "S-A-2")))
					.retrieveMono(Map.class))
				.expectErrorSatisfies(error -> {
					assertThat(error).isInstanceOf(ApplicationErrorException.class);
					Map<?, ?> problem = json.readValue(error.getMessage(), Map.class);
					assertThat(problem.get("type")).isEqualTo("https://marquee.dev/problems/seat-unavailable");
					assertThat(problem.get("status")).isEqualTo(409);
					assertThat(problem.get("unavailableSeatIds")).isEqualTo(List.of("S-A-1"));
				})
				.verify(Duration.ofSeconds(10));
			StepVerifier
				.create(requester.route("holds.create")
					.data(Map.of("eventId", event.toString(), "seatIds", List.of()))
					.retrieveMono(Map.class))
				.expectErrorSatisfies(error -> assertThat(error.getMessage()).contains("/validation"))
				.verify(Duration.ofSeconds(10));
			StepVerifier.create(requester.route("events.{id}.seats", UUID.randomUUID()).retrieveFlux(Map.class))
				.expectErrorSatisfies(error -> assertThat(error.getMessage()).contains("/event-not-found"))
				.verify(Duration.ofSeconds(10));
		}
		finally {
			requester.dispose();
		}
		assertThat(statuses(event)).isEqualTo("H.......");
	}

	@Test
	void holdsWithoutATokenAreRefused() {
		UUID event = event(4);
		RSocketRequester anonymous = rsocket.tcp(null);
		try {
			StepVerifier
				.create(anonymous.route("holds.create")
					.data(Map.of("eventId", event.toString(), "seatIds", List.of("S-A-1")))
					.retrieveMono(Map.class))
				.expectErrorSatisfies(error -> assertThat(error).isInstanceOfAny(RejectedException.class,
						ApplicationErrorException.class))
				.verify(Duration.ofSeconds(10));
		}
		finally {
			anonymous.dispose();
		}
		assertThat(statuses(event)).isEqualTo("........");
	}

}
