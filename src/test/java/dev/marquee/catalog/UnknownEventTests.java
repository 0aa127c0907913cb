package dev.marquee.catalog;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;

import dev.marquee.support.IntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An unknown event id asked for again and again (seat map, stream, availability) reaches
 * PostgreSQL once per {@code marquee.catalog.unknown-event-ttl}, timed by the injected clock; an
 * event that appears under that id afterwards is found once the TTL has passed.
 */
class UnknownEventTests extends IntegrationTest {

	@Autowired
	MeterRegistry meters;

	@Autowired
	CatalogProperties properties;

	private double lookups() {
		return meters.counter("marquee.catalog.lookups").count();
	}

	private void notFound(UUID eventId) {
		http().get().uri("/api/v1/events/{id}/availability", eventId).exchange().expectStatus().isNotFound();
	}

	@Test
	void anUnknownEventAskedForAgainAndAgainReachesPostgresOncePerTtl() {
		UUID unknown = UUID.randomUUID();
		double before = lookups();
		for (int i = 0; i < 10; i++) {
			notFound(unknown);
			http().get().uri("/api/v1/events/{id}/seats", unknown).exchange().expectStatus().isNotFound();
		}
		assertThat(lookups() - before).isEqualTo(1);

		clock.advance(properties.unknownEventTtl().plusSeconds(1));
		notFound(unknown);
		notFound(unknown);
		assertThat(lookups() - before).isEqualTo(2);
	}

	@Test
	void anEventThatAppearsUnderAnIdRememberedAsUnknownIsFoundAfterTheTtl() {
		UUID template = event(4);
		UUID late = UUID.randomUUID();
		notFound(late);
		// written by other means (another node, a restore) under the id just found unknown
		db.sql("""
				insert into event (id, venue_id, name, starts_at, on_sale_at, hold_ttl_seconds, max_tickets_per_user,
				    currency, prices, blocked_seat_ids, queue_enabled, admit_per_minute, created_at, refund_cutoff_hours)
				select :late, venue_id, name, starts_at, on_sale_at, hold_ttl_seconds, max_tickets_per_user, currency,
				    prices, blocked_seat_ids, queue_enabled, admit_per_minute, created_at, refund_cutoff_hours
				from event where id = :template""").bind("late", late).bind("template", template).then().block();
		notFound(late);

		clock.advance(properties.unknownEventTtl().plusSeconds(1));
		assertThat(statuses(late)).isEqualTo("........");
	}

}
