package dev.marquee.queue;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.marquee.catalog.CatalogManagement;
import dev.marquee.catalog.Event;
import dev.marquee.catalog.EventId;
import dev.marquee.queue.QueueScripts.Step;
import dev.marquee.shared.redis.EachEvent;
import dev.marquee.shared.redis.RedisLease;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Lets buyers in. On every tick the node holding the admitter lease (a Redis key with a
 * short expiry, renewed each tick) opens the queues whose sale has opened and moves "now
 * serving" on at each event's admission rate, publishing {@link QueueAdvanced} for every
 * step. When that node stops it gives the lease up; when it dies the lease runs out and
 * another node's next tick takes over. The step itself is one Lua script computed from
 * stored state, so even two nodes admitting at once cannot skip a number or admit one
 * twice.
 */
@Component
public class QueueAdmitter implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(QueueAdmitter.class);

	private final QueueScripts scripts;

	private final RedisLease lease;

	private final CatalogManagement catalog;

	private final ApplicationEventPublisher events;

	private final QueueProperties properties;

	private final Clock clock;

	private final String node = UUID.randomUUID().toString();

	private final Map<EventId, Long> waiting = new ConcurrentHashMap<>();

	private final Map<EventId, Long> serving = new ConcurrentHashMap<>();

	private final Counter admitted;

	private volatile boolean running;

	QueueAdmitter(QueueScripts scripts, QueueKeys keys, ReactiveStringRedisTemplate redis, CatalogManagement catalog,
			ApplicationEventPublisher events, QueueProperties properties, Clock clock, MeterRegistry meters) {
		this.scripts = scripts;
		this.lease = new RedisLease(redis, keys.admitterLease());
		this.catalog = catalog;
		this.events = events;
		this.properties = properties;
		this.clock = clock;
		this.admitted = Counter.builder("marquee.queue.admitted")
			.description("Buyers let in from the waiting rooms by this node")
			.register(meters);
		Gauge.builder("marquee.queue.waiting", this.waiting, w -> w.values().stream().mapToLong(Long::longValue).sum())
			.description("Buyers waiting in the waiting rooms, as last seen by the admitter on this node")
			.register(meters);
	}

	/** This node's id, as the lease and the admission steps record it. */
	String node() {
		return this.node;
	}

	@Scheduled(fixedDelayString = "${marquee.queue.tick:1s}", initialDelayString = "${marquee.queue.tick:1s}")
	Mono<Void> scheduledTick() {
		// the scheduler calls this once and subscribes to the answer on every tick: keep
		// it lazy
		return Mono.defer(this::tick).onErrorResume(ex -> {
			log.warn("Queue admitter tick failed: {}", ex.toString());
			return Mono.empty();
		}).then();
	}

	/** One tick: answers whether this node held the lease and admitted. */
	public Mono<Boolean> tick() {
		if (!this.running) {
			return Mono.just(false);
		}
		return this.lease.take(this.node, this.properties.lease()).flatMap(held -> {
			if (!held) {
				this.waiting.clear();
				this.serving.clear();
				return Mono.just(false);
			}
			Instant now = this.clock.instant();
			// a queue on a Redis shard that is down is skipped, not the tick
			return EachEvent
				.run(this.catalog.events().filter(event -> event.queueEnabled() && now.isBefore(event.startsAt())),
						event -> advance(event, now), log, "The queue admitter")
				.then(Mono.just(true));
		});
	}

	/**
	 * Moves one event's waiting room on now, outside the lease and the ticks: for a
	 * rehearsal, which no list of events shows to the ticks. Safe beside them, as every
	 * step is.
	 */
	public Mono<Void> advance(Event event) {
		return advance(event, this.clock.instant());
	}

	private Mono<Void> advance(Event event, Instant now) {
		EventId id = event.id();
		long expireAt = event.startsAt().plus(this.properties.retention()).getEpochSecond();
		long maxBurst = Math.max(1, (long) event.admitPerMinute() * this.properties.maxCatchUpSeconds() / 60);
		return this.scripts
			.advance(id, now, event.admitPerMinute(), event.onSaleAt(), ShuffleSeed.random(), expireAt, maxBurst,
					this.node)
			.doOnNext(step -> {
				switch (step) {
					case Step.Closed closed -> {
						// the sale has not opened yet: nothing to show or announce
					}
					case Step.Opened opened -> {
						seen(id, opened.state(), opened.joined());
						log.info("Waiting room of event {} opened with {} early joiners", id,
								opened.state().earlyCount());
						this.events.publishEvent(new QueueAdvanced(id.value(), opened.state(), now.toEpochMilli(),
								event.admitPerMinute()));
					}
					case Step.Advanced advanced -> {
						Long before = seen(id, advanced.state(), advanced.joined());
						if (before != null) {
							this.admitted.increment(Math.max(0, advanced.state().serving() - before));
						}
						this.events.publishEvent(new QueueAdvanced(id.value(), advanced.state(), now.toEpochMilli(),
								event.admitPerMinute()));
					}
					case Step.Unchanged unchanged -> seen(id, unchanged.state(), unchanged.joined());
				}
			})
			.then();
	}

	/**
	 * Records the queue as this step left it (for the gauge); answers "now serving"
	 * before it.
	 */
	private Long seen(EventId id, QueueState state, long joined) {
		this.waiting.put(id, joined - state.serving());
		return this.serving.put(id, state.serving());
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop(Runnable callback) {
		this.running = false;
		this.lease.release(this.node).onErrorResume(ex -> Mono.empty()).doFinally(signal -> callback.run()).subscribe();
	}

	@Override
	public void stop() {
		stop(() -> {
		});
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
