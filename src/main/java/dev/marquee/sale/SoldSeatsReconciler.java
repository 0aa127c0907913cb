package dev.marquee.sale;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.marquee.hold.HoldManagement;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * PostgreSQL is the truth for sold seats; Redis's view of them is derived. At start-up every
 * event's sold seats are merged into Redis, and afterwards any event of which Redis knows fewer
 * sold seats than PostgreSQL (Redis restarted empty or was flushed) is rebuilt the same way. The
 * sold seats are compared, not the mere presence of the event's keys: after a restart the first
 * hold recreates those keys long before this runs.
 */
@Component
class SoldSeatsReconciler {

	private static final Logger log = LoggerFactory.getLogger(SoldSeatsReconciler.class);

	private final SaleRepository repository;

	private final HoldManagement holds;

	SoldSeatsReconciler(SaleRepository repository, HoldManagement holds) {
		this.repository = repository;
		this.holds = holds;
	}

	@EventListener(ApplicationReadyEvent.class)
	void rebuildAtStart() {
		repository.eventIds()
			.collectList()
			.flatMapMany(reactor.core.publisher.Flux::fromIterable)
			.concatMap(this::rebuild)
			.count()
			.subscribe(count -> log.info("Rebuilt sold seats of {} events from PostgreSQL", count),
					ex -> log.warn("Start-up rebuild of sold seats failed; the reconciler retries: {}", ex.toString()));
	}

	@Scheduled(fixedDelayString = "${marquee.sale.reconcile-interval:15s}", initialDelayString = "${marquee.sale.reconcile-interval:15s}")
	Mono<Void> reconcile() {
		return Mono.defer(() -> repository.soldCounts()
			.collectList()
			.flatMapMany(reactor.core.publisher.Flux::fromIterable)
			.filterWhen(sold -> holds.soldCount(sold.eventId()).map(known -> known < sold.tickets()))
			.concatMap(sold -> rebuild(sold.eventId())
				.doOnNext(seq -> log.warn("Redis had lost sold seats of event {}; rebuilt them from PostgreSQL",
						sold.eventId())))
			.then())
			.onErrorResume(ex -> {
				log.warn("Sold-seat reconciliation failed: {}", ex.toString());
				return Mono.empty();
			});
	}

	Mono<Long> rebuild(UUID eventId) {
		return repository.liveTickets(eventId).collectList().flatMap(tickets -> {
			List<String> seats = tickets.stream().map(SaleRepository.SoldSeat::seatId).toList();
			Map<String, Integer> byUser = new HashMap<>();
			tickets.forEach(t -> byUser.merge(t.userId(), 1, Integer::sum));
			return holds.rebuildSold(eventId, seats, byUser);
		});
	}

}
