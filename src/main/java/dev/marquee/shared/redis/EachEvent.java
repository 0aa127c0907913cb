package dev.marquee.shared.redis;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.reactivestreams.Publisher;
import org.slf4j.Logger;

import reactor.core.publisher.Flux;

/**
 * A background pass over many events (the hold sweep, the queue admitter, the sold-seat
 * reconciler), one event after the other. Each event's keys share one hash slot, so on a
 * Redis Cluster each event lives on one shard: an event whose shard is down (or whose
 * work fails for another reason) is skipped, not the pass, and the events on the other
 * shards are done all the same. The pass fails only when it reached no event at all
 * (Redis itself is away); otherwise one warning per pass names how many were skipped.
 */
public final class EachEvent {

	private EachEvent() {
	}

	/**
	 * Runs {@code work} for each of {@code events} in turn, and answers everything it
	 * emits.
	 */
	public static <E, R> Flux<R> run(Flux<E> events, Function<? super E, ? extends Publisher<R>> work, Logger log,
			String pass) {
		return Flux.defer(() -> {
			AtomicInteger reached = new AtomicInteger();
			List<Throwable> failures = new CopyOnWriteArrayList<>();
			return events.concatMap(event -> Flux.<R>from(work.apply(event))
				.doOnComplete(reached::incrementAndGet)
				.onErrorResume(ex -> {
					failures.add(ex);
					return Flux.empty();
				})).concatWith(Flux.defer(() -> {
					if (failures.isEmpty()) {
						return Flux.empty();
					}
					if (reached.get() == 0) {
						return Flux.error(failures.get(0));
					}
					log.warn("{} skipped {} events it could not do (the other {} were done): {}", pass, failures.size(),
							reached.get(), failures.get(0).toString());
					return Flux.empty();
				}));
		});
	}

}
