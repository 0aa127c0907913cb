package dev.marquee.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.marquee.catalog.CatalogManagement;
import dev.marquee.catalog.Event;
import dev.marquee.catalog.EventId;
import dev.marquee.catalog.EventSetup;
import dev.marquee.catalog.EventStatus;
import dev.marquee.catalog.Venue;
import dev.marquee.catalog.VenueLayout;
import dev.marquee.outbox.Outbox;
import dev.marquee.queue.QueueManagement.Joined;
import dev.marquee.queue.QueueProblems.QueueNotEnabled;
import dev.marquee.queue.QueueProblems.QueueTicketNotFound;
import dev.marquee.queue.QueueProblems.SalesClosed;
import dev.marquee.shared.web.RateLimits;
import dev.marquee.support.ModuleTest;
import dev.marquee.support.MutableClock;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.modulith.test.Scenario;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;

/**
 * The waiting room on its own against real Redis, the catalog stubbed: the admitter opens
 * the queue once the sale opens and admits at the event's rate, publishing
 * {@link QueueAdvanced} for every step that changes the queue; a turn that ran out sends
 * the buyer to the back.
 *
 * <p>
 * The admitter publishes where Redis's answer arrives (a Lettuce thread), which a
 * {@link Scenario} does not see, so the scenario waits for the steps a listener records.
 * The waiting room has a key prefix of its own here, so no other test context's admitter
 * holds its lease.
 */
@ModuleTest
@TestPropertySource(properties = "marquee.queue.key-prefix=mq-queue-module")
class QueueModuleTests {

	@MockitoBean
	Outbox outbox;

	@Autowired
	QueueManagement queue;

	@Autowired
	QueueAdmitter admitter;

	@Autowired
	QueueProperties properties;

	@Autowired
	MutableClock clock;

	@Autowired
	Steps steps;

	@MockitoBean
	CatalogManagement catalog;

	@MockitoBean
	RateLimits limits;

	@TestConfiguration(proxyBeanMethods = false)
	static class Recording {

		@Bean
		Steps steps() {
			return new Steps();
		}

	}

	/** Every {@link QueueAdvanced} published. */
	static class Steps {

		final List<QueueAdvanced> published = new CopyOnWriteArrayList<>();

		@EventListener
		void on(QueueAdvanced advanced) {
			published.add(advanced);
		}

		List<QueueAdvanced> of(Event event) {
			return published.stream().filter(step -> step.eventId().equals(event.id().value())).toList();
		}

		List<Long> servingOf(Event event) {
			return of(event).stream().map(step -> step.state().serving()).toList();
		}

	}

	@BeforeEach
	void freezeClock() {
		clock.freeze();
	}

	@Test
	void theFirstStepAfterTheSaleOpensShufflesTheEarlyJoinersAndPublishesQueueAdvanced(Scenario scenario) {
		Event event = queued(60, clock.instant().plus(Duration.ofMinutes(1)));
		List<QueueTicket> early = IntStream.range(0, 3)
			.mapToObj(i -> queue.join(event.id(), "early-" + i).block().standing().ticket())
			.toList();
		admitter.tick().block();
		assertThat(steps.of(event)).as("no step before the sale opens").isEmpty();

		clock.advance(Duration.ofMinutes(1));
		scenario.stimulate(() -> admitter.tick().block())
			.andWaitForStateChange(() -> steps.of(event), published -> !published.isEmpty())
			.andVerify(published -> assertThat(published).singleElement().satisfies(opened -> {
				assertThat(opened.state().opened()).isTrue();
				assertThat(opened.state().earlyCount()).isEqualTo(3);
				assertThat(opened.state().serving()).isZero();
				assertThat(opened.atMillis()).isEqualTo(clock.millis());
				assertThat(opened.admitPerMinute()).isEqualTo(60);
				// every watcher works its place out of the step alone
				assertThat(early).extracting(ticket -> ticket.number(opened.state()))
					.containsExactlyInAnyOrder(1L, 2L, 3L);
			}));
	}

	@Test
	void theAdmitterAdmitsAtTheRateAndPublishesEveryStepThatChangesTheQueue() {
		Event event = queued(30, clock.instant().minus(Duration.ofMinutes(1)));
		assertThat(admitter.tick().block()).isTrue();
		List<String> buyers = IntStream.range(0, 40).mapToObj(i -> "buyer-" + UUID.randomUUID()).toList();
		List<QueueTicketId> tickets = buyers.stream()
			.map(buyer -> queue.join(event.id(), buyer).block().standing().ticket().ticketId())
			.toList();

		// 30 a minute: one every two seconds
		clock.advance(Duration.ofMillis(1999));
		admitter.tick().block();
		assertThat(admitted(event, buyers, tickets)).isZero();
		clock.advance(Duration.ofMillis(1));
		admitter.tick().block();
		assertThat(admitted(event, buyers, tickets)).isEqualTo(1);
		clock.advance(Duration.ofSeconds(10));
		admitter.tick().block();
		admitter.tick().block();
		assertThat(admitted(event, buyers, tickets)).isEqualTo(6);
		// an admitter that was away catches up by at most max-catch-up-seconds' worth
		clock.advance(Duration.ofMinutes(5));
		admitter.tick().block();
		long caughtUp = 6 + 30 * properties.maxCatchUpSeconds() / 60;
		assertThat(admitted(event, buyers, tickets)).isEqualTo(caughtUp);
		// admitted in line order
		Standing first = standing(event, buyers.get(0), tickets.get(0));
		assertThat(first.status()).isEqualTo(Standing.Status.ADMITTED);
		assertThat(first.admissionToken()).isNotNull();
		assertThat(standing(event, buyers.get(39), tickets.get(39)).status()).isEqualTo(Standing.Status.WAITING);

		// the opening, then one step per change; the ticks that admitted nobody published
		// nothing
		assertThat(steps.servingOf(event)).containsExactly(0L, 1L, 6L, caughtUp);
		assertThat(steps.published).filteredOn(step -> step.eventId().equals(event.id().value()))
			.allSatisfy(step -> assertThat(step.admitPerMinute()).isEqualTo(30))
			.first()
			.satisfies(opening -> assertThat(opening.state().opened()).isTrue());
	}

	@Test
	void joiningAgainAnswersTheSameTicketUntilItsTurnExpiresThenTheBuyerRejoinsAtTheBack() {
		Event event = queued(60, clock.instant().minus(Duration.ofMinutes(1)));
		admitter.tick().block();
		Joined joined = queue.join(event.id(), "late").block();
		assertThat(joined.created()).isTrue();
		Joined again = queue.join(event.id(), "late").block();
		assertThat(again.created()).isFalse();
		assertThat(again.standing().ticket()).isEqualTo(joined.standing().ticket());
		queue.join(event.id(), "next").block();
		clock.advance(Duration.ofSeconds(1));
		admitter.tick().block();
		QueueTicketId ticket = joined.standing().ticket().ticketId();
		assertThat(standing(event, "late", ticket).status()).isEqualTo(Standing.Status.ADMITTED);

		clock.advance(properties.admissionTtl());
		Standing expired = standing(event, "late", ticket);
		assertThat(expired.status()).isEqualTo(Standing.Status.EXPIRED);
		assertThat(expired.admissionToken()).isNull();
		Joined rejoined = queue.join(event.id(), "late").block();
		assertThat(rejoined.created()).isTrue();
		assertThat(rejoined.standing().ticket().ticketId()).isNotEqualTo(ticket);
		assertThat(rejoined.standing().status()).isEqualTo(Standing.Status.WAITING);
		// behind the one who joined after the first turn
		assertThat(rejoined.standing().position()).isEqualTo(2);
	}

	@Test
	void theQueueRefusesWhatItCannotServe() {
		Event open = event(false, null, clock.instant().minus(Duration.ofMinutes(1)));
		StepVerifier.create(queue.join(open.id(), "buyer")).expectError(QueueNotEnabled.class).verify();

		Event event = queued(60, clock.instant().minus(Duration.ofMinutes(1)));
		QueueTicketId ticket = queue.join(event.id(), "buyer").block().standing().ticket().ticketId();
		StepVerifier.create(queue.standing(event.id(), QueueTicketId.of(UUID.randomUUID()), "buyer"))
			.expectError(QueueTicketNotFound.class)
			.verify();
		// somebody else's ticket reads as not found
		StepVerifier.create(queue.standing(event.id(), ticket, "somebody-else"))
			.expectError(QueueTicketNotFound.class)
			.verify();

		clock.advance(Duration.ofDays(11));
		StepVerifier.create(queue.join(event.id(), "buyer")).expectError(SalesClosed.class).verify();
	}

	private long admitted(Event event, List<String> buyers, List<QueueTicketId> tickets) {
		return IntStream.range(0, buyers.size())
			.filter(i -> standing(event, buyers.get(i), tickets.get(i)).status() == Standing.Status.ADMITTED)
			.count();
	}

	private Standing standing(Event event, String buyer, QueueTicketId ticket) {
		return queue.standing(event.id(), ticket, buyer).block();
	}

	/**
	 * A queue-protected event admitting {@code perMinute} a minute, the only one the
	 * catalog lists.
	 */
	private Event queued(int perMinute, Instant onSaleAt) {
		Event event = event(true, perMinute, onSaleAt);
		given(catalog.events()).willReturn(Flux.just(event));
		return event;
	}

	private Event event(boolean queue, Integer perMinute, Instant onSaleAt) {
		Instant now = clock.instant();
		Event event = new Event(EventId.of(UUID.randomUUID()), UUID.randomUUID(), "Night",
				now.plus(Duration.ofDays(10)), onSaleAt, 600, 4, "EUR", Map.of("std", 5000L), Set.of(), queue,
				perMinute, 48, now, EventStatus.PUBLISHED);
		Venue venue = new Venue(event.venueId(), "Hall", "Porto",
				new VenueLayout(List
					.of(new VenueLayout.Section("S", "Stalls", "std", List.of(new VenueLayout.Row("A", 2)), null))),
				now);
		given(catalog.setup(event.id())).willReturn(Mono.just(new EventSetup(event, venue)));
		return event;
	}

}
