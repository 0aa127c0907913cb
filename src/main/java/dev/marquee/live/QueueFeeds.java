package dev.marquee.live;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import dev.marquee.catalog.EventId;
import dev.marquee.live.internal.SeatChangeBus;
import dev.marquee.queue.QueueAdvanced;
import dev.marquee.queue.QueueManagement;
import dev.marquee.queue.QueueState;
import dev.marquee.queue.QueueTicketId;
import dev.marquee.queue.Standing;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Service;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Queue watchers on this node. Each event has one stream of waiting-room steps (replaying
 * the latest, so a watcher that subscribes just after reading its ticket misses nothing);
 * every watcher works its own position out of each step, so one broadcast per step
 * updates all of them without a Redis query each. A watcher gets a message whenever its
 * position changes and a last one when it is admitted (with the admission token) or its
 * turn expired.
 */
@Service
public class QueueFeeds implements DisposableBean {

	private final QueueManagement queue;

	private final Map<UUID, Sinks.Many<QueueAdvanced>> steps = new ConcurrentHashMap<>();

	private final AtomicInteger watchers = new AtomicInteger();

	private final Disposable fromBus;

	QueueFeeds(SeatChangeBus bus, QueueManagement queue, MeterRegistry meters) {
		this.queue = queue;
		Gauge.builder("marquee.live.queue.watchers", watchers, AtomicInteger::get)
			.description("Open queue-position streams on this node (WebSocket and RSocket)")
			.register(meters);
		this.fromBus = bus.advances().subscribe(advance -> steps(advance.eventId()).tryEmitNext(advance));
	}

	private Sinks.Many<QueueAdvanced> steps(UUID eventId) {
		return steps.computeIfAbsent(eventId, id -> Sinks.many().replay().latest());
	}

	/**
	 * The messages for one queue ticket: where it stands now, then every change until
	 * admitted or expired. The ticket is read first: the answer fails with
	 * {@link dev.marquee.queue.QueueProblems.QueueTicketNotFound} or
	 * {@link dev.marquee.catalog.EventNotFound} before any message is due.
	 */
	public Mono<Flux<QueueMessage>> watch(EventId eventId, QueueTicketId ticketId) {
		return queue.watch(eventId, ticketId).map(watch -> {
			Standing first = watch.standing();
			if (first.status() != Standing.Status.WAITING) {
				return Flux.just(QueueMessage.of(first));
			}
			AtomicReference<QueueState> seen = new AtomicReference<>(watch.state());
			AtomicReference<Long> number = new AtomicReference<>();
			Flux<QueueMessage> later = steps(watch.event().id().value()).asFlux()
				.filter(step -> newer(step.state(), seen.get()))
				.map(step -> {
					seen.set(step.state());
					if (number.get() == null) {
						number.set(first.ticket().number(step.state()));
					}
					Instant admittedAt = number.get() <= step.state().serving() ? Instant.ofEpochMilli(step.atMillis())
							: null;
					return queue.standing(watch.event(), first.ticket(), step.state(), admittedAt);
				})
				.takeUntil(standing -> standing.status() != Standing.Status.WAITING)
				.map(QueueMessage::of);
			return Flux.concat(Flux.just(QueueMessage.of(first)), later)
				.distinctUntilChanged()
				.doOnSubscribe(s -> watchers.incrementAndGet())
				.doFinally(signal -> watchers.decrementAndGet());
		});
	}

	/** Steps only ever move on: opening, then a higher "now serving". */
	private static boolean newer(QueueState step, QueueState seen) {
		return step.opened() && (!seen.opened() || step.serving() > seen.serving());
	}

	@Override
	public void destroy() {
		fromBus.dispose();
	}

}
