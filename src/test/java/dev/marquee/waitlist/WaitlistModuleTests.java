package dev.marquee.waitlist;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.marquee.catalog.CatalogManagement;
import dev.marquee.catalog.Event;
import dev.marquee.catalog.EventId;
import dev.marquee.catalog.EventStatus;
import dev.marquee.catalog.EventSetup;
import dev.marquee.catalog.Venue;
import dev.marquee.catalog.VenueLayout;
import dev.marquee.hold.Hold;
import dev.marquee.hold.HoldId;
import dev.marquee.hold.HoldManagement;
import dev.marquee.outbox.Outbox;
import dev.marquee.hold.SeatSnapshot;
import dev.marquee.hold.SeatSnapshots;
import dev.marquee.hold.SeatsReleased;
import dev.marquee.queue.QueueManagement;
import dev.marquee.sale.SeatsSold;
import dev.marquee.shared.Money;
import dev.marquee.shared.ValidationFailed;
import dev.marquee.support.ModuleTest;
import dev.marquee.support.MutableClock;
import dev.marquee.waitlist.WaitlistEntry.Status;
import dev.marquee.waitlist.WaitlistManagement.Standing;
import dev.marquee.waitlist.WaitlistProblems.EntryNotFound;
import dev.marquee.waitlist.WaitlistProblems.SeatsAvailable;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.modulith.test.Scenario;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.BDDMockito.given;

/**
 * The waitlist on its own against real Redis, with the catalog, the holds and the queue
 * stubbed: when the holds report seats freed, the first waiter they fit is offered them
 * (announced with {@link WaitlistOffered}) while the others keep their place; the sale
 * and the holds then tell the entry how the offer ended. Joining refuses what it cannot
 * serve.
 *
 * <p>
 * Offers are made where Redis's answers arrive (Lettuce threads), which a
 * {@link Scenario} does not see, so the scenario waits for the offers a listener records.
 */
@ModuleTest
class WaitlistModuleTests {

	@Autowired
	WaitlistManagement waitlist;

	@Autowired
	WaitlistProperties properties;

	@Autowired
	MutableClock clock;

	@Autowired
	Offers offers;

	@MockitoBean
	CatalogManagement catalog;

	@MockitoBean
	HoldManagement holds;

	@MockitoBean
	SeatSnapshots snapshots;

	@MockitoBean
	QueueManagement queue;

	@MockitoBean
	Outbox outbox;

	@TestConfiguration(proxyBeanMethods = false)
	static class Recording {

		@Bean
		Offers offers() {
			return new Offers();
		}

	}

	/** Every {@link WaitlistOffered} published. */
	static class Offers {

		final List<WaitlistOffered> published = new CopyOnWriteArrayList<>();

		@EventListener
		void on(WaitlistOffered offered) {
			published.add(offered);
		}

		List<WaitlistOffered> of(EventId event) {
			return published.stream().filter(offer -> offer.eventId().equals(event.value())).toList();
		}

	}

	@BeforeEach
	void outboxTakesEveryRow() {
		given(outbox.append(any())).willReturn(Mono.empty());
	}

	@Test
	void freedSeatsGoToTheFirstWaiterTheyFitWhoHearsOfItAndTheOfferEndsAsTheHoldsSay(Scenario scenario) {
		EventSetup setup = event("HHHH");
		EventId event = setup.event().id();
		WaitlistEntryId pair = waitlist.join(event, "pair", "S", 2, true, null).block().entry().entryId();
		WaitlistEntryId one = waitlist.join(event, "one", "S", 1, false, null).block().entry().entryId();
		WaitlistEntryId later = waitlist.join(event, "later", "S", 1, false, null).block().entry().entryId();
		// one seat comes free: too few for the pair, so the next waiter it fits gets it
		given(holds.offer(any(), any(), any(), anyInt(), anyBoolean(), any())).willReturn(Mono.empty());
		Hold offered = hold(event, "one", "S-A-1");
		given(holds.offer(event, "one", "S", 1, false, properties.offerWindow())).willReturn(Mono.just(offered));

		scenario
			.publish(new SeatsReleased(event.value(), UUID.randomUUID(), List.of("S-A-1"),
					SeatsReleased.Reason.RELEASED, 7))
			.andWaitForStateChange(() -> offers.of(event), published -> !published.isEmpty())
			.andVerify(published -> assertThat(published).singleElement().satisfies(offer -> {
				assertThat(offer.entryId()).isEqualTo(one);
				assertThat(offer.holdId()).isEqualTo(offered.holdId().value());
				assertThat(offer.seatIds()).containsExactly("S-A-1");
				assertThat(offer.expiresAt()).isEqualTo(offered.expiresAt());
			}));
		Standing standing = waitlist.standing(event, one, "one").block();
		assertThat(standing.entry().status()).isEqualTo(Status.OFFERED);
		assertThat(standing.entry().holdId()).isEqualTo(offered.holdId());
		assertThat(standing.position()).isZero();
		assertThat(waitlist.standing(event, pair, "pair").block()).satisfies(kept -> {
			assertThat(kept.entry().status()).isEqualTo(Status.WAITING);
			assertThat(kept.position()).isEqualTo(1);
		});
		assertThat(waitlist.standing(event, later, "later").block().position()).isEqualTo(2);

		scenario.publish(new SeatsSold(event.value(), UUID.randomUUID(), offered.holdId().value(), List.of("S-A-1")))
			.andWaitForStateChange(() -> status(event, one, "one"), status -> status == Status.PURCHASED);
	}

	@Test
	void anOfferWhoseHoldWentBackLapses(Scenario scenario) {
		EventSetup setup = event("HHHH");
		EventId event = setup.event().id();
		WaitlistEntryId entry = waitlist.join(event, "waiter", "S", 1, true, null).block().entry().entryId();
		Hold offered = hold(event, "waiter", "S-B-2");
		given(holds.offer(any(), any(), any(), anyInt(), anyBoolean(), any())).willReturn(Mono.just(offered));
		scenario
			.publish(new SeatsReleased(event.value(), UUID.randomUUID(), List.of("S-B-2"), SeatsReleased.Reason.EXPIRED,
					3))
			.andWaitForStateChange(() -> status(event, entry, "waiter"), status -> status == Status.OFFERED);

		given(holds.offer(any(), any(), any(), anyInt(), anyBoolean(), any())).willReturn(Mono.empty());
		scenario
			.publish(new SeatsReleased(event.value(), offered.holdId().value(), List.of("S-B-2"),
					SeatsReleased.Reason.EXPIRED, 4))
			.andWaitForStateChange(() -> status(event, entry, "waiter"), status -> status == Status.LAPSED);
	}

	private Status status(EventId event, WaitlistEntryId entry, String userId) {
		return waitlist.standing(event, entry, userId).block().entry().status();
	}

	@Test
	void joiningRefusesWhatItCannotServeAndAnEntryCanBeLeft() {
		EventSetup setup = event("HH.H");
		EventId event = setup.event().id();
		StepVerifier.create(waitlist.join(event, "buyer", null, null, null, null))
			.expectErrorSatisfies(
					ex -> assertThat(((ValidationFailed) ex).violations()).extracting(violation -> violation.field())
						.containsExactly("sectionCode", "quantity"))
			.verify();
		StepVerifier.create(waitlist.join(event, "buyer", "X", 5, true, null))
			.expectErrorSatisfies(
					ex -> assertThat(((ValidationFailed) ex).violations()).extracting(violation -> violation.field())
						.containsExactly("sectionCode", "quantity"))
			.verify();
		// one seat is free: a buyer of one should hold it rather than wait
		StepVerifier.create(waitlist.join(event, "buyer", "S", 1, true, null))
			.expectErrorSatisfies(ex -> assertThat(ex).isInstanceOfSatisfying(SeatsAvailable.class,
					available -> assertThat(available.properties()).containsEntry("freeSeats", 1L)))
			.verify();

		WaitlistManagement.Joined joined = waitlist.join(event, "buyer", "S", 2, true, null).block();
		assertThat(joined.created()).isTrue();
		WaitlistEntryId entry = joined.entry().entryId();
		assertThat(waitlist.join(event, "buyer", "S", 2, false, null).block()).satisfies(again -> {
			assertThat(again.created()).isFalse();
			assertThat(again.entry().entryId()).isEqualTo(entry);
		});
		StepVerifier.create(waitlist.standing(event, entry, "somebody-else")).expectError(EntryNotFound.class).verify();

		Standing left = waitlist.leave(event, entry, "buyer").block();
		assertThat(left.entry().status()).isEqualTo(Status.LEFT);
		assertThat(left.position()).isZero();
		// having left, the buyer may join again
		assertThat(waitlist.join(event, "buyer", "S", 2, true, null).block().entry().entryId()).isNotEqualTo(entry);
	}

	/**
	 * An event on sale with section S (rows A and B, two seats each) whose seats read
	 * {@code statuses}.
	 */
	private EventSetup event(String statuses) {
		Instant now = clock.instant();
		Event event = new Event(EventId.of(UUID.randomUUID()), UUID.randomUUID(), "Night",
				now.plus(Duration.ofDays(10)), now.minus(Duration.ofHours(1)), 600, 4, "EUR", Map.of("std", 5000L),
				Set.of(), false, null, 48, now, EventStatus.PUBLISHED);
		Venue venue = new Venue(event.venueId(), "Hall", "Porto", new VenueLayout(List.of(new VenueLayout.Section("S",
				"Stalls", "std", List.of(new VenueLayout.Row("A", 2), new VenueLayout.Row("B", 2)), null))), now);
		EventSetup setup = new EventSetup(event, venue);
		given(catalog.setup(event.id())).willReturn(Mono.just(setup));
		given(snapshots.snapshot(setup)).willReturn(Mono.just(new SeatSnapshot(event.id(), 1, statuses, setup)));
		return setup;
	}

	private Hold hold(EventId event, String userId, String... seats) {
		Instant now = clock.instant();
		return new Hold(HoldId.of(UUID.randomUUID()), event, userId, List.of(seats), now.plus(properties.offerWindow()),
				new Money(5000L * seats.length, "EUR"), Hold.Status.ACTIVE, now, null);
	}

}
