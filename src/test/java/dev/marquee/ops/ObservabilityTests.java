package dev.marquee.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import dev.marquee.support.IntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What operators watch: Prometheus metrics (for a METRICS or ADMIN token only), liveness
 * and readiness groups that reflect the backing services, the applied schema migrations
 * (for admins), a correlation id on every request, and the OpenAPI document generated
 * from the code.
 */
class ObservabilityTests extends IntegrationTest {

	@Test
	void prometheusServesTheBusinessMetricsToTheScraperOnly() {
		UUID event = event(4);
		String buyer = buyer();
		purchase(held(event, buyer, "S-A-1"), buyer, "m-1", "tok_visa").expectStatus().isCreated();
		hold(event, buyer(), "S-A-1").expectStatus().isEqualTo(409);
		String other = buyer();
		http().delete()
			.uri("/api/v1/holds/{id}", held(event, other, "S-A-2"))
			.headers(h -> h.setBearerAuth(other))
			.exchange()
			.expectStatus()
			.isNoContent();

		http().get().uri("/actuator/prometheus").exchange().expectStatus().isUnauthorized();
		http().get()
			.uri("/actuator/prometheus")
			.headers(h -> h.setBearerAuth(buyer))
			.exchange()
			.expectStatus()
			.isForbidden();
		String metrics = http().get()
			.uri("/actuator/prometheus")
			.headers(h -> h.setBearerAuth(token("prometheus", "METRICS")))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(metrics).contains("marquee_holds_placed_total", "marquee_holds_seats_total",
				"marquee_holds_rejected_total{reason=\"seat-unavailable\"", "marquee_sales_total",
				"marquee_sales_seats_total", "marquee_payments_total{outcome=\"approved\"", "marquee_live_subscribers",
				"marquee_live_queue_watchers", "marquee_queue_waiting", "marquee_rate_limit_refused_total",
				"http_server_requests_seconds_bucket", "r2dbc_pool_");
		// every Marquee metric the Grafana dashboard charts exists
		Matcher charted = Pattern.compile("marquee_[a-z_]+").matcher(readDashboard());
		Set<String> names = new TreeSet<>();
		while (charted.find()) {
			names.add(charted.group());
		}
		assertThat(names).hasSizeGreaterThan(8).allSatisfy(name -> assertThat(metrics).contains(name));
	}

	private static String readDashboard() {
		try {
			return Files.readString(Path.of("docs/grafana/marquee.json"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Test
	void theAppliedSchemaMigrationsAreListedForAdminsOnly() {
		http().get()
			.uri("/actuator/flyway")
			.headers(h -> h.setBearerAuth(buyer()))
			.exchange()
			.expectStatus()
			.isForbidden();
		http().get()
			.uri("/actuator/flyway")
			.headers(h -> h.setBearerAuth(admin()))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.contexts.*.flywayBeans.flyway.migrations[0].script")
			.isEqualTo("V1__booking_core.sql")
			.jsonPath("$.contexts.*.flywayBeans.flyway.migrations[*].state")
			.value(states -> assertThat(states).asString().contains("SUCCESS").doesNotContain("PENDING", "FAILED"));
	}

	@Test
	void livenessAndReadinessGroupsReflectTheProcessAndItsServices() {
		http().get()
			.uri("/actuator/health/liveness")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("UP");
		http().get()
			.uri("/actuator/health/readiness")
			.headers(h -> h.setBearerAuth(admin()))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("UP")
			.jsonPath("$.components.redis.status")
			.isEqualTo("UP")
			.jsonPath("$.components.r2dbc.status")
			.isEqualTo("UP")
			.jsonPath("$.components.readinessState.status")
			.isEqualTo("UP")
			// a Kafka outage must not take every node out of service: holds and sales go
			// on without it
			.jsonPath("$.components.seatChangeBus")
			.doesNotExist();
		http().get()
			.uri("/actuator/health")
			.headers(h -> h.setBearerAuth(admin()))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.components.seatChangeBus.status")
			.isEqualTo("UP");
	}

	@Test
	void everyRequestCarriesACorrelationIdIntoItsProblems() {
		String given = "lb-" + UUID.randomUUID();
		Map<String, Object> problem = http().get()
			.uri("/api/v1/events/{id}", UUID.randomUUID())
			.header("X-Request-Id", given)
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.valueEquals("X-Request-Id", given)
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		assertThat(problem).containsEntry("requestId", given);
		// an unusable one is replaced
		var result = http().get()
			.uri("/api/v1/holds/{id}", UUID.randomUUID())
			.header("X-Request-Id", "<script>")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody(JSON)
			.returnResult();
		String made = result.getResponseHeaders().getFirst("X-Request-Id");
		assertThat(made).isNotEqualTo("<script>").matches("[0-9a-f-]{36}");
		assertThat(result.getResponseBody()).containsEntry("requestId", made);
	}

	@Test
	void theOpenApiDocumentDescribesThePublicApi() {
		http().get()
			.uri("/v3/api-docs")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.paths['/api/v1/events/{eventId}/holds'].post")
			.exists()
			.jsonPath("$.paths['/api/v1/holds/{holdId}'].get")
			.exists()
			.jsonPath("$.paths['/api/v1/holds/{holdId}'].delete")
			.exists()
			.jsonPath("$.paths['/api/v1/holds/{holdId}/purchase'].post")
			.exists()
			.jsonPath("$.paths['/api/v1/events/{eventId}/seatmap'].get")
			.exists()
			.jsonPath("$.paths['/api/v1/events/{eventId}/availability'].get")
			.exists()
			.jsonPath("$.paths['/api/v1/events/{eventId}/queue'].post")
			.exists()
			.jsonPath("$.paths['/api/v1/events/{eventId}/queue/{queueTicket}'].get")
			.exists()
			.jsonPath("$.paths['/api/v1/orders/{orderId}/cancel'].post")
			.exists()
			.jsonPath("$.paths['/api/v1/me/tickets'].get")
			.exists()
			.jsonPath("$.paths['/api/v1/tickets/scan'].post")
			.exists()
			.jsonPath("$.paths['/api/v1/tickets/{ticketId}/transfer'].post")
			.exists();
		http().get().uri("/swagger-ui.html").exchange().expectStatus().is3xxRedirection();
	}

	@Autowired
	ApplicationContext context;

	@Test
	void metricsArePulledByPrometheusAndPushedNowhere() {
		// the OpenTelemetry starter brought a registry that pushed every metric to an
		// OTLP
		// collector at localhost:4318 each minute, and warned when none answered
		assertThat(context.getBeansOfType(MeterRegistry.class).values())
			.extracting(registry -> registry.getClass().getSimpleName())
			.contains("PrometheusMeterRegistry")
			.noneMatch(name -> name.startsWith("Otlp"));
	}

}
