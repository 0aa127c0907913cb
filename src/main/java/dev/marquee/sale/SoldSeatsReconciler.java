package dev.marquee.sale;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.marquee.hold.Hold;
import dev.marquee.catalog.EventId;
import dev.marquee.hold.HoldId;
import dev.marquee.hold.HoldManagement;
import dev.marquee.hold.SeatReconciliation;
import dev.marquee.hold.SeatSales;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * PostgreSQL is the truth for sold seats; Redis's view of them is derived, and is compared with
 * it seat by seat (counts would let one stuck seat hide one lost one):
 * <ul>
 * <li>a seat PostgreSQL sells and Redis does not (Redis restarted empty or was flushed) is merged
 * back into Redis at once, as at start-up;</li>
 * <li>a seat Redis holds as sold that PostgreSQL does not sell (a cancel or refund whose Redis
 * step failed, or a rebuild that re-marked a seat a cancel had just freed) is put back on sale,
 * once it was found so in two passes in a row and no open purchase attempt can still store an
 * order for it: Redis marks a sale's seats before PostgreSQL stores its order, and such a seat
 * belongs to a hold whose attempt is open.</li>
 * </ul>
 * A pass reads every sold seat of the events that start later than a day ago (a 100,000-seat
 * stadium is about 2 MB from Redis and as many rows from PostgreSQL); past events keep what
 * they had.
 */
@Component
class SoldSeatsReconciler {

	private static final Logger log = LoggerFactory.getLogger(SoldSeatsReconciler.class);

	private final SaleRepository repository;

	private final HoldManagement holds;

	private final SeatSales sales;

	private final SeatReconciliation seats;

	private final Clock clock;

	/** Per event, the seats the last pass found sold in Redis only. */
	private final Map<UUID, Set<String>> suspects = new ConcurrentHashMap<>();

	SoldSeatsReconciler(SaleRepository repository, HoldManagement holds, SeatSales sales, SeatReconciliation seats,
			Clock clock) {
		this.repository = repository;
		this.holds = holds;
		this.sales = sales;
		this.seats = seats;
		this.clock = clock;
	}

	@EventListener(ApplicationReadyEvent.class)
	void rebuildAtStart() {
		repository.eventIds()
			.collectList()
			.flatMapMany(Flux::fromIterable)
			.concatMap(this::rebuild)
			.count()
			.subscribe(count -> log.info("Rebuilt sold seats of {} events from PostgreSQL", count),
					ex -> log.warn("Start-up rebuild of sold seats failed; the reconciler retries: {}", ex.toString()));
	}

	@Scheduled(fixedDelayString = "${marquee.sale.reconcile-interval:15s}", initialDelayString = "${marquee.sale.reconcile-interval:15s}")
	Mono<Void> reconcile() {
		// a pass reads every sold seat of the events it looks at, so it looks at those not long over
		return Mono.defer(() -> repository.eventsStartingAfter(clock.instant().minus(Duration.ofDays(1)))
			.collectList()
			.flatMapMany(Flux::fromIterable)
			.concatMap(this::reconcile)
			.then())
			.onErrorResume(ex -> {
				log.warn("Sold-seat reconciliation failed: {}", ex.toString());
				return Mono.empty();
			});
	}

	/** One pass over one event. Redis is read first: a sale lands there before PostgreSQL. */
	Mono<Void> reconcile(UUID eventId) {
		return this.seats.soldSeats(EventId.of(eventId)).flatMap(inRedis -> repository.liveTickets(eventId)
			.map(SaleRepository.SoldSeat::seatId)
			.collect(Collectors.toSet())
			.flatMap(sold -> {
				Mono<Void> lost = sold.stream().allMatch(inRedis::contains) ? Mono.empty()
						: rebuild(eventId).doOnNext(seq -> log.warn(
								"Redis had lost sold seats of event {}; rebuilt them from PostgreSQL", eventId))
							.then();
				Set<String> stuck = new HashSet<>(inRedis);
				stuck.removeAll(sold);
				Set<String> before = stuck.isEmpty() ? suspects.remove(eventId) : suspects.put(eventId, stuck);
				Set<String> twice = new HashSet<>(stuck);
				twice.retainAll(before == null ? Set.of() : before);
				return lost.then(twice.isEmpty() ? Mono.<Void>empty()
						: free(eventId, twice).doOnNext(freed -> log.warn(
								"Seats {} of event {} were sold in Redis only; put back on sale", freed, eventId))
							.then());
			}));
	}

	Mono<Long> rebuild(UUID eventId) {
		return repository.liveTickets(eventId).collectList().flatMap(tickets -> {
			List<String> seats = tickets.stream().map(SaleRepository.SoldSeat::seatId).toList();
			Map<String, Integer> byUser = new HashMap<>();
			tickets.forEach(t -> byUser.merge(t.userId(), 1, Integer::sum));
			return this.seats.rebuildSold(EventId.of(eventId), seats, byUser);
		});
	}

	/**
	 * Puts back on sale those of these seats that PostgreSQL does not sell and that no open
	 * purchase attempt may still store an order for; answers the seats freed. Each is taken off
	 * the bought count of whoever last had a ticket for it.
	 */
	Mono<List<String>> free(UUID eventId, Collection<String> seats) {
		return repository.saleView(eventId, seats).flatMap(view -> Flux.fromIterable(view.open())
			.flatMap(open -> holds.find(HoldId.of(open.holdId()), open.userId()).onErrorResume(ex -> Mono.empty()))
			.filter(hold -> hold.eventId().value().equals(eventId))
			.flatMapIterable(Hold::seatIds)
			.collect(Collectors.toSet())
			.flatMap(inFlight -> {
				Map<String, List<String>> byOwner = seats.stream()
					.filter(seat -> !view.live().contains(seat) && !inFlight.contains(seat))
					.collect(Collectors.groupingBy(seat -> view.lastOwner().getOrDefault(seat, "")));
				return Flux.fromIterable(byOwner.entrySet())
					.concatMap(owned -> sales.releaseSold(EventId.of(eventId), null, owned.getKey(), owned.getValue())
						.thenReturn(owned.getValue()))
					.flatMapIterable(freed -> freed)
					.collectList();
			}));
	}

}
