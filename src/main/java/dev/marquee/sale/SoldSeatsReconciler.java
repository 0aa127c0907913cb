package dev.marquee.sale;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.marquee.catalog.CatalogManagement;
import dev.marquee.catalog.Event;
import dev.marquee.catalog.EventId;
import dev.marquee.hold.Hold;
import dev.marquee.hold.HoldId;
import dev.marquee.hold.HoldManagement;
import dev.marquee.hold.SeatReconciliation;
import dev.marquee.hold.SeatSales;
import dev.marquee.shared.redis.EachEvent;
import dev.marquee.ticket.TicketLedger;
import dev.marquee.ticket.TicketLedger.SoldSeat;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.transaction.support.DefaultTransactionDefinition;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * PostgreSQL is the truth for sold seats; Redis's view of them is derived, and is
 * compared with it seat by seat (counts would let one stuck seat hide one lost one):
 * <ul>
 * <li>a seat PostgreSQL sells and Redis does not (Redis restarted empty or was flushed)
 * is merged back into Redis at once, as at start-up;</li>
 * <li>a seat Redis holds as sold that PostgreSQL does not sell (a cancel or refund whose
 * Redis step failed, or a rebuild that re-marked a seat a cancel had just freed) is put
 * back on sale, once it was found so in two passes in a row and no open purchase attempt
 * can still store an order for it: Redis marks a sale's seats before PostgreSQL stores
 * its order, and such a seat belongs to a hold whose attempt is open.</li>
 * </ul>
 * A pass reads every sold seat of the events that start later than a day ago (a
 * 100,000-seat stadium is about 2 MB from Redis and as many rows from PostgreSQL); past
 * events keep what they had. Sold seats are the ticket module's to tell
 * ({@link TicketLedger}), the events catalog's. (Just over 200 lines, most of it the
 * comments on why a seat is freed only after two passes.)
 */
@Component
class SoldSeatsReconciler {

	private static final Logger log = LoggerFactory.getLogger(SoldSeatsReconciler.class);

	private final CatalogManagement catalog;

	private final TicketLedger tickets;

	private final AttemptRepository attempts;

	private final HoldManagement holds;

	private final SeatSales sales;

	private final SeatReconciliation redis;

	private final TransactionalOperator snapshot;

	private final Clock clock;

	/** Per event, the seats the last pass found sold in Redis only. */
	private final Map<EventId, Set<String>> suspects = new ConcurrentHashMap<>();

	SoldSeatsReconciler(CatalogManagement catalog, TicketLedger tickets, AttemptRepository attempts,
			HoldManagement holds, SeatSales sales, SeatReconciliation redis, ReactiveTransactionManager transactions,
			Clock clock) {
		this.catalog = catalog;
		this.tickets = tickets;
		this.attempts = attempts;
		this.holds = holds;
		this.sales = sales;
		this.redis = redis;
		DefaultTransactionDefinition readOnce = new DefaultTransactionDefinition();
		readOnce.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
		readOnce.setReadOnly(true);
		this.snapshot = TransactionalOperator.create(transactions, readOnce);
		this.clock = clock;
	}

	@EventListener(ApplicationReadyEvent.class)
	void rebuildAtStart() {
		EachEvent
			.run(catalog.events().map(Event::id).collectList().flatMapMany(Flux::fromIterable),
					eventId -> rebuild(eventId).thenReturn(eventId), log, "The start-up rebuild of sold seats")
			.count()
			.subscribe(count -> log.info("Rebuilt sold seats of {} events from PostgreSQL", count),
					ex -> log.warn("Start-up rebuild of sold seats failed; the reconciler retries: {}", ex.toString()));
	}

	@Scheduled(fixedDelayString = SaleProperties.RECONCILE_INTERVAL,
			initialDelayString = SaleProperties.RECONCILE_INTERVAL)
	Mono<Void> reconcile() {
		// a pass reads every sold seat of the events it looks at, so it looks at those
		// not long over
		return Mono
			.defer(() -> EachEvent.run(catalog.eventsStartingAfter(clock.instant().minus(Duration.ofDays(1)))
				.collectList()
				.flatMapMany(Flux::fromIterable), this::reconcile, log, "Sold-seat reconciliation").then())
			.onErrorResume(ex -> {
				log.warn("Sold-seat reconciliation failed: {}", ex.toString());
				return Mono.empty();
			});
	}

	/**
	 * One pass over one event. Redis is read first: a sale lands there before PostgreSQL.
	 */
	Mono<Void> reconcile(EventId eventId) {
		return redis.soldSeats(eventId).flatMap(inRedis -> compare(eventId, inRedis));
	}

	/**
	 * The rest of a pass, given Redis's sold seats as read at its start; PostgreSQL is
	 * read now. A seat PostgreSQL sells that Redis did not is asked about again before it
	 * is taken for lost: a sale that began after Redis was read and committed before
	 * PostgreSQL was (a busy node, a slow read) is in both by now, and a rebuild for it
	 * would move the event's seq on for nothing and send every watcher of the map back
	 * for a snapshot.
	 */
	Mono<Void> compare(EventId eventId, Set<String> inRedis) {
		return tickets.soldSeats(eventId).map(SoldSeat::seatId).collect(Collectors.toSet()).flatMap(sold -> {
			Set<String> missing = new HashSet<>(sold);
			missing.removeAll(inRedis);
			Mono<Void> lost = redis.soldAmong(eventId, missing)
				.filter(now -> !now.containsAll(missing))
				.flatMap(now -> rebuild(eventId))
				.doOnNext(
						seq -> log.warn("Redis had lost sold seats of event {}; rebuilt them from PostgreSQL", eventId))
				.then();
			Set<String> stuck = new HashSet<>(inRedis);
			stuck.removeAll(sold);
			Set<String> before = stuck.isEmpty() ? suspects.remove(eventId) : suspects.put(eventId, stuck);
			Set<String> twice = new HashSet<>(stuck);
			twice.retainAll(before == null ? Set.of() : before);
			return lost.then(twice.isEmpty() ? Mono.<Void>empty() : free(eventId, twice).doOnNext(
					freed -> log.warn("Seats {} of event {} were sold in Redis only; put back on sale", freed, eventId))
				.then());
		});
	}

	Mono<Long> rebuild(EventId eventId) {
		return tickets.soldSeats(eventId).collectList().flatMap(sold -> {
			List<String> seats = sold.stream().map(SoldSeat::seatId).toList();
			Map<String, Integer> byUser = new HashMap<>();
			sold.forEach(seat -> byUser.merge(seat.userId(), 1, Integer::sum));
			return redis.rebuildSold(eventId, seats, byUser);
		});
	}

	/**
	 * What PostgreSQL says about some seats of an event, read in one snapshot (so a
	 * purchase storing its order meanwhile shows either as a live ticket or as an open
	 * attempt): which are sold, which attempts are open, and who last held a ticket for
	 * each seat.
	 */
	private record SaleView(Set<String> live, List<AttemptRepository.OpenAttempt> open, Map<String, String> lastOwner) {
	}

	private Mono<SaleView> saleView(EventId eventId, Collection<String> seats) {
		// one after the other: the snapshot's statements share one connection
		return tickets.soldAmong(eventId, seats)
			.collect(Collectors.toSet())
			.flatMap(live -> attempts.unsettled()
				.collectList()
				.flatMap(open -> tickets.lastHolders(eventId, seats)
					.collectMap(SoldSeat::seatId, SoldSeat::userId)
					.map(owners -> new SaleView(live, open, owners))))
			.as(snapshot::transactional);
	}

	/**
	 * Puts back on sale those of these seats that PostgreSQL does not sell and that no
	 * open purchase attempt may still store an order for; answers the seats freed. Each
	 * is taken off the bought count of whoever last had a ticket for it.
	 */
	Mono<List<String>> free(EventId eventId, Collection<String> seats) {
		return saleView(eventId, seats).flatMap(view -> Flux.fromIterable(view.open())
			.flatMap(open -> holds.find(HoldId.of(open.holdId()), open.userId()).onErrorResume(ex -> Mono.empty()))
			.filter(hold -> hold.eventId().equals(eventId))
			.flatMapIterable(Hold::seatIds)
			.collect(Collectors.toSet())
			.flatMap(inFlight -> {
				Map<String, List<String>> byOwner = seats.stream()
					.filter(seat -> !view.live().contains(seat) && !inFlight.contains(seat))
					.collect(Collectors.groupingBy(seat -> view.lastOwner().getOrDefault(seat, "")));
				return Flux.fromIterable(byOwner.entrySet())
					.concatMap(owned -> sales.releaseSold(eventId, null, owned.getKey(), owned.getValue())
						.thenReturn(owned.getValue()))
					.flatMapIterable(freed -> freed)
					.collectList();
			}));
	}

}
