package dev.marquee;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.marquee.sale.PaymentProperties;
import dev.marquee.sale.SimulatedPaymentGateway;
import dev.marquee.sale.StrandedPaymentRecovery;
import dev.marquee.support.ChaosProxy;
import dev.marquee.support.IntegrationTest;
import dev.marquee.support.TestServices;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis or PostgreSQL unreachable: requests get a 503 problem with Retry-After, nothing
 * is half-written, and the application recovers by itself once the service is back. The
 * services are cut with a TCP proxy between the application and the real servers.
 */
@DirtiesContext // its own context listens to the same Redis: close it so it cannot take
				// other tests' expiries
class OutageTests extends IntegrationTest {

	static final ChaosProxy redisProxy = new ChaosProxy(TestServices.get().redisHost, TestServices.get().redisPort);

	static final ChaosProxy postgresProxy = new ChaosProxy(TestServices.get().postgresHost,
			TestServices.get().postgresPort);

	// the base class names the real servers; these settings take precedence over those
	// names
	@DynamicPropertySource
	static void throughProxies(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.url", () -> "redis://127.0.0.1:" + redisProxy.port());
		registry.add("spring.r2dbc.properties.port", postgresProxy::port);
	}

	@Autowired
	SimulatedPaymentGateway gateway;

	@Autowired
	StrandedPaymentRecovery recovery;

	@Autowired
	PaymentProperties properties;

	@AfterEach
	void restore() {
		redisProxy.restore();
		postgresProxy.restore();
	}

	@Test
	void withRedisDownHoldsAre503AndNothingIsWrittenAndItRecovers() {
		UUID event = event(4);
		redisProxy.cut();

		var problem = hold(event, buyer(), "S-A-1").expectStatus()
			.isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
			.expectHeader()
			.exists("Retry-After")
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		assertProblem(problem, HttpStatus.SERVICE_UNAVAILABLE, "service-unavailable");
		http().get()
			.uri("/api/v1/events/{id}/availability", event)
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);

		redisProxy.restore();
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> hold(event, buyer(), "S-A-2").returnResult(Void.class).getStatus().value() == 201);
		assertThat(statuses(event)).isEqualTo(".H......");
	}

	@Test
	void withPostgresDownPurchasesAre503WithoutChargingAndARetryLaterSucceeds() {
		UUID event = event(4);
		String buyer = buyer();
		String holdId = held(event, buyer, "S-A-3");
		postgresProxy.cut();

		var problem = purchase(holdId, buyer, "retry-me", "tok_visa").expectStatus()
			.isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		assertProblem(problem, HttpStatus.SERVICE_UNAVAILABLE, "service-unavailable");
		http().get().uri("/api/v1/events").exchange().expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(statuses(event)).isEqualTo("..H.....");
		assertThat(gateway.ledger()).noneMatch(charge -> charge.idempotencyKey().startsWith("retry-me:"));

		postgresProxy.restore();
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> purchase(holdId, buyer, "retry-me", "tok_visa").returnResult(Void.class)
				.getStatus()
				.value() == 201);
		assertThat(statuses(event)).isEqualTo("..X.....");
		assertThat(orders(event)).isEqualTo(1);
		assertThat(gateway.ledger()).filteredOn(charge -> charge.idempotencyKey().startsWith("retry-me:")).hasSize(1);
	}

	@Test
	void postgresConnectionsKilledMidPurchaseLeaveNoHalfOrderAndNoMoneyWithoutTickets() throws Exception {
		UUID event = event(4);
		String buyer = buyer();
		String holdId = held(event, buyer, "S-B-4");
		// the slow card keeps the purchase between its charge and its order for a while
		var inFlight = CompletableFuture.supplyAsync(
				() -> purchase(holdId, buyer, "kill-me", "tok_slow").returnResult(Void.class).getStatus().value());
		await().atMost(Duration.ofSeconds(10))
			.until(() -> gateway.ledger().stream().anyMatch(charge -> charge.idempotencyKey().startsWith("kill-me:")));
		postgresProxy.cut();
		int answer = inFlight.get(30, TimeUnit.SECONDS);
		postgresProxy.restore();
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(200))
			.ignoreExceptions()
			.until(() -> orders(event) >= 0);

		// never half: the whole order with its ticket, or neither
		assertThat(List.of(orders(event), tickets(event))).as("orders and tickets after answer %d", answer)
			.isIn(List.of(0L, 0L), List.of(1L, 1L));
		assertThat(answer).isIn(201, 503);
		// and no money without tickets: the recovery job refunds a charge whose order
		// never came
		clock.advance(properties.recoveryAfter().plusSeconds(1));
		recovery.recoverNow().block();
		long kept = gateway.captured()
			.stream()
			.filter(charge -> charge.idempotencyKey().startsWith("kill-me:"))
			.count();
		assertThat(kept).isEqualTo(orders(event));
		// and the seat is sold only with its ticket: a refunded purchase leaves it for
		// sale
		assertThat(statuses(event).chars().filter(c -> c == 'X').count()).isEqualTo(tickets(event));
	}

}
