package dev.marquee.hold;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.marquee.catalog.CatalogManagement;
import dev.marquee.catalog.CreateEvent;
import dev.marquee.catalog.CreateVenue.RowSpec;
import dev.marquee.catalog.CreateVenue.SectionSpec;
import dev.marquee.catalog.CreateVenue;
import dev.marquee.catalog.EventId;
import dev.marquee.catalog.Venues;
import dev.marquee.hold.internal.HoldExpiry;
import dev.marquee.outbox.Outbox;
import dev.marquee.support.ModuleTest;
import dev.marquee.support.MutableClock;
import dev.marquee.support.SeatEventRecorder;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.modulith.test.ApplicationModuleTest.BootstrapMode;
import org.springframework.modulith.test.Scenario;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hold module with the modules it depends on (catalog, queue, shared) against real
 * Redis and PostgreSQL, none of the modules that listen to its events: every change of
 * seat state is published with the seats and the seq it happened at.
 *
 * <p>
 * A {@link Scenario} sees only the events published on the test's own thread, and a
 * hold's are published where Redis's answer arrives (a Lettuce thread), so the scenarios
 * wait for the state change a {@link SeatEventRecorder} observes instead of for the event
 * itself.
 */
@ModuleTest(mode = BootstrapMode.DIRECT_DEPENDENCIES)
@Import(HoldModuleTests.ScenarioSupport.class)
class HoldModuleTests {

	@MockitoBean
	Outbox outbox;

	/** The recorder of the seat events the scenarios wait for. */
	@TestConfiguration(proxyBeanMethods = false)
	static class ScenarioSupport {

		@Bean
		SeatEventRecorder seatEventRecorder() {
			return new SeatEventRecorder();
		}

	}

	@Autowired
	HoldManagement holds;

	@Autowired
	SeatSales sales;

	@Autowired
	SeatSnapshots snapshots;

	@Autowired
	HoldExpiry expiry;

	@Autowired
	CatalogManagement catalog;

	@Autowired
	Venues venues;

	@Autowired
	MutableClock clock;

	@Autowired
	SeatEventRecorder recorded;

	/** An event on sale now, on a new venue with section S (row A of four seats). */
	private EventId event() {
		var venue = venues
			.createVenue(new CreateVenue("Hall", "Porto",
					List.of(new SectionSpec("S", "Stalls", "std", List.of(new RowSpec("A", 4)), null))))
			.block();
		Instant now = clock.instant();
		return catalog
			.createEvent(new CreateEvent(venue.id().toString(), "Night", now.plus(Duration.ofDays(10)),
					now.minus(Duration.ofHours(1)), 60, null, Map.of("std", new CreateEvent.PriceSpec(5000L, "EUR")),
					null, null, null))
			.block()
			.id();
	}

	private static String buyer() {
		return "buyer-" + UUID.randomUUID();
	}

	/** The seat changes of {@code event} published as {@code type} so far. */
	private <T> List<T> published(EventId event, Class<T> type) {
		return recorded.of(event.value(), type);
	}

	@Test
	void aHoldPublishesSeatsHeld(Scenario scenario) {
		EventId event = event();
		scenario.stimulate(() -> holds.hold(event, buyer(), List.of("S-A-1", "S-A-2")).block())
			.andWaitForStateChange(() -> published(event, SeatsHeld.class), held -> !held.isEmpty())
			.andVerify((held, hold) -> assertThat(held).singleElement().satisfies(seats -> {
				assertThat(seats.holdId()).isEqualTo(hold.holdId().value());
				assertThat(seats.seatIds()).containsExactly("S-A-1", "S-A-2");
				assertThat(seats.expiresAt()).isEqualTo(hold.expiresAt());
				assertThat(seats.seq()).isEqualTo(snapshots.seq(event).block());
			}));
	}

	@Test
	void releasingAHoldPublishesItsSeatsAsReleased(Scenario scenario) {
		EventId event = event();
		String buyer = buyer();
		Hold hold = holds.hold(event, buyer, List.of("S-A-3")).block();
		scenario.stimulate(() -> holds.release(hold.holdId(), buyer).block())
			.andWaitForStateChange(() -> published(event, SeatsReleased.class), released -> !released.isEmpty())
			.andVerify(released -> assertThat(released).singleElement().satisfies(seats -> {
				assertThat(seats.holdId()).isEqualTo(hold.holdId().value());
				assertThat(seats.reason()).isEqualTo(SeatsReleased.Reason.RELEASED);
				assertThat(seats.seatIds()).containsExactly("S-A-3");
			}));
	}

	@Test
	void aHoldWhoseCountdownRanOutIsReleasedByTheSweepAsExpired(Scenario scenario) {
		EventId event = event();
		Hold hold = holds.hold(event, buyer(), List.of("S-A-4")).block();
		clock.advance(Duration.ofSeconds(61));
		scenario.stimulate(() -> expiry.sweep().block())
			.andWaitForStateChange(() -> published(event, SeatsReleased.class), released -> !released.isEmpty())
			.andVerify(released -> {
				assertThat(released).singleElement().satisfies(seats -> {
					assertThat(seats.holdId()).isEqualTo(hold.holdId().value());
					assertThat(seats.reason()).isEqualTo(SeatsReleased.Reason.EXPIRED);
				});
				assertThat(snapshots.snapshot(event).block().statuses()).isEqualTo("....");
			});
	}

	@Test
	void theSoldSeatsOfACancelledOrderArePublishedAsReleasedOnce(Scenario scenario) {
		EventId event = event();
		String buyer = buyer();
		Hold hold = holds.hold(event, buyer, List.of("S-A-1", "S-A-2")).block();
		Hold claimed = sales.claim(hold.holdId(), buyer).block();
		assertThat(sales.sell(claimed, UUID.randomUUID()).block().sold()).isTrue();
		assertThat(snapshots.snapshot(event).block().statuses()).isEqualTo("XX..");
		// cancelling twice frees the seats once
		scenario
			.stimulate(() -> sales.releaseSold(event, hold.holdId(), buyer, hold.seatIds())
				.then(sales.releaseSold(event, hold.holdId(), buyer, hold.seatIds()))
				.block())
			.andWaitForStateChange(() -> published(event, SeatsReleased.class), released -> !released.isEmpty())
			.andVerify(released -> {
				assertThat(released).singleElement().satisfies(seats -> {
					assertThat(seats.reason()).isEqualTo(SeatsReleased.Reason.CANCELLED);
					assertThat(seats.seatIds()).containsExactly("S-A-1", "S-A-2");
				});
				assertThat(snapshots.snapshot(event).block().statuses()).isEqualTo("....");
			});
	}

}
